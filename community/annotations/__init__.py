"""Text-anchored annotations: notes and questions on a passage, kept anchored across
revisions (`anchoring`), resolved by the page's owners, exported as W3C Web Annotations."""
