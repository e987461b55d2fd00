"""Django's database sessions, read with one prepared statement (issue 19).

Every signed-in request reads its session row (the authentication middleware, the guest
check). Django's store builds that query through the ORM each time, which costs more than
the query itself on SQLite; this store sends the same SELECT as plain SQL. Writing,
expiry, sign-out (`flush`) and `clearsessions` are Django's, unchanged: the row in the
database stays the one truth, so a signed-out session is refused on the next request in
every process. (The cache is not used for sessions: with the embedded default's
per-process cache, a sign-out in one worker would not reach the others.)
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        """The session's row if it exists and has not expired (as Django's), else None
        (and the key is forgotten, so a new session gets a new key)."""
        if self.session_key is None:
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        # Identifiers only (the model's table and columns, quoted); values are parameters.
        table = quote(model._meta.db_table)
        sql = (
            f"SELECT {quote('session_data')} FROM {table} "  # noqa: S608
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
