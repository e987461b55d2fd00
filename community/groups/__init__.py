"""Communities of interest: a directory, community pages with a feed, members, pinned
pages and events (models registered under the `community` app label)."""
