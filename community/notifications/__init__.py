"""Who hears about what: events in (`notify`), notification rows, emails and digests out
(`tasks`, `services`), the reader's inbox and settings (`views`)."""
