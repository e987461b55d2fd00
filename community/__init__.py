"""What readers add to any page, one folder per feature (models stay in `community.models`,
templates under `templates/community/`):

- `comments/`: threaded comments, mentions' autocomplete, the cached comment cards
- `reactions/`: reactions to a page or a comment
- `annotations/`: text-anchored annotations and their re-anchoring across revisions
- `watching/`: watching a page or a space
- `notifications/`: events in (`notify`), notifications, emails and digests out
- `moderation/`: flags, and the moderation queue in Wagtail's admin
- `groups/`: communities of interest (pages, members, pinned pages, events)
- `questions/`: questions and answers (the QuestionPage model is knowledge's)

`context.py` adds each feature's part to a page's template context (`core.page_context`);
`signals.py` receives publishing and must-read requests; `urls.py` mounts every feature's
`urls.py`.
"""
