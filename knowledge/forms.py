from core.forms_pages import GovernedPageForm


class KnowledgePageForm(GovernedPageForm):
    """Every edit starts with an empty change note and "not material": the note and the
    flag describe one revision, so the previous revision's must not carry over."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["change_note"] = ""
            self.initial["material_change"] = False
