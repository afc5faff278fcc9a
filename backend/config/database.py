"""PostgreSQL connection options for the per-request reads (session row, simplejwt's user).

Kept apart from the settings module so the choice is one small function that tests can call.
"""

# psycopg's own default: a statement is prepared on its sixth run on a connection, so one-off
# queries (migrations, admin pages) never take a slot of the connection's prepared-statement LRU.
PREPARE_AFTER_EXECUTIONS = 5


def postgres_options(*, prepared_statements: bool) -> dict:
    """OPTIONS for Django's postgresql backend.

    Prepared statements need server-side parameter binding (a client-side-binding cursor sends
    finished SQL text, which the server must parse and plan every time). Django leaves both
    off so that a transaction-mode pooler such as PgBouncer, which cannot follow per-connection
    statements, keeps working; this lab connects to PostgreSQL directly.
    """
    if not prepared_statements:
        return {}
    return {"server_side_binding": True, "prepare_threshold": PREPARE_AFTER_EXECUTIONS}
