"""The site the in-process benchmarks build on, once `inprocess.setup_django` has run: the
knowledge index and a space under the home page, and the people who act on them. Models
are imported inside the functions, since Django is set up only when a benchmark runs."""


def knowledge_index():
    """The knowledge index under the home page, alone: an index left by an earlier run (the
    search benchmarks reuse their database) goes first, with everything below it."""
    from home.models import HomePage
    from knowledge.models import KnowledgeIndexPage

    for index in KnowledgeIndexPage.objects.all():
        index.get_descendants().delete()
        index.delete()
    home = HomePage.objects.get()
    return home.add_child(instance=KnowledgeIndexPage(title="Knowledge", slug="knowledge"))


def knowledge_space(title: str = "IT Help", slug: str = "it-help"):
    """One space under a new knowledge index."""
    from knowledge.models import SpacePage

    return knowledge_index().add_child(instance=SpacePage(title=title, slug=slug))


def person(username: str, first_name: str, last_name: str = "", groups: tuple[str, ...] = ()):
    """A user in the groups (roles) named."""
    from django.contrib.auth.models import Group

    from core.models import User

    user = User.objects.create_user(username, first_name=first_name, last_name=last_name)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def editor():
    return person("editor", "Ed", "Itor", groups=("Editors",))


def reader(groups: tuple[str, ...] = ()):
    return person("reader", "Rea", "Der", groups=groups)


def comms():
    """A member of Communications: they run campaigns and read the reports."""
    return person("comms", "Cora", groups=("Communications", "Employees"))


def numbered_users(count: int):
    """`count` users p00000, p00001, … created in bulk (no signals), in that order."""
    from core.models import User

    User.objects.bulk_create(
        User(username=f"p{n:05d}", first_name=f"First{n}", last_name="Last", email=f"p{n}@x.test")
        for n in range(count)
    )
    return list(User.objects.filter(username__startswith="p").order_by("pk"))
