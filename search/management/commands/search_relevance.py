"""`manage.py search_relevance`: precision@1, recall@5 and MRR of the search on a judged
corpus, on the backend this site runs (SQLite FTS5, PostgreSQL, OpenSearch).

The corpus (a folder of Markdown and its judged queries, by default Hatch's documentation
in tests/search/corpus) is imported with the Markdown importer into its own space the
first time (`--space`, made under the knowledge index if missing) and searched as a
person of the Employees group would. Run it against a throwaway database: it adds pages.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.models import User
from knowledge.markdown import import_folder
from knowledge.models import KnowledgeIndexPage, SpacePage
from search import relevance

CORPUS = Path(settings.BASE_DIR) / "tests" / "search" / "corpus"


class Command(BaseCommand):
    help = "Measure search relevance (P@1, R@5, MRR) on a judged corpus."

    def add_arguments(self, parser):
        parser.add_argument("--docs", type=Path, default=CORPUS / "hatch" / "docs")
        parser.add_argument("--queries", type=Path, default=CORPUS / "hatch-queries.toml")
        parser.add_argument("--space", default="relevance-corpus", help="the space's slug")
        parser.add_argument(
            "--reader", default="", help="username searching (default: an employee)"
        )
        parser.add_argument("--quiet", action="store_true", help="no list of misses")

    def handle(
        self, *args, docs: Path, queries: Path, space: str, reader: str, quiet: bool, **options
    ):
        if not queries.is_file():
            raise CommandError(f"{queries} is not a file.")
        target = SpacePage.objects.filter(slug=space).first()
        if target is None:
            parent = KnowledgeIndexPage.objects.first()
            if parent is None:
                raise CommandError("There is no knowledge index to put the space under.")
            target = parent.add_child(instance=SpacePage(title="Relevance corpus", slug=space))
            report = import_folder(docs, target)
            self.stdout.write(f"Imported {len(report.results) - len(report.failed)} pages.")
            call_command("update_index", stdout=self.stdout)
        user = (
            User.objects.filter(username=reader).first()
            if reader
            else User.objects.filter(groups__name="Employees", is_active=True).first()
        )
        if user is None:
            raise CommandError("No reader: name one with --reader.")
        measures = relevance.measure(
            user, target, relevance.load(queries), relevance.backend_name()
        )
        for line in measures.report(misses=not quiet):
            self.stdout.write(line)
