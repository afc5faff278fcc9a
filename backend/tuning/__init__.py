"""The lab's own fast paths, in one place, behind one switch: LAB_TUNING, off by default.

Off, a request runs Django's, DRF's and simplejwt's own code with ordinary settings (persistent
database connections, prepared statements): what the lab shows, and what `make bench` reports
as `<case>_stock`. On, these replace library steps, each measured beside the stock one:

- verified_tokens: an access token's signature checked once per process, its expiry on every
  request (simplejwt's AUTH_TOKEN_CLASSES);
- user_snapshots: the session user read from a shared cache instead of the database
  (AUTHENTICATION_BACKENDS);
- redis_tracking: reads of Redis keys served from process memory, invalidated by Redis' CLIENT
  TRACKING and never more than MAX_LAG behind a write (django-redis' CLIENT_CLASS);
- db_session_read: the db session store's per-request read compiled once per process
  (SESSION_ENGINE for SESSION_STORE=db; PostgreSQL only).

switch.py is the table of what the switch changes in the settings. Only this package reaches
into private names of the libraries it speeds up.
"""
