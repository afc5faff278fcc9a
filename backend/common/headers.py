"""HTTP header names the API defines or relies on, each written once.

No Django imports: the settings name them in the CORS lists.
"""

# Names the replica that served a response (backend/lab/middleware.py).
X_REPLICA = "X-Replica"
# How long to wait before retrying a 429 or a 503 (backend/common/errors.py).
RETRY_AFTER = "Retry-After"
# IETF httpapi draft "The Idempotency-Key HTTP Header Field" (backend/notes/idempotency.py).
IDEMPOTENCY_KEY = "Idempotency-Key"
# Set on the stored answer to an earlier request with the same key. The draft defines no
# marker; this is the name Stripe, the draft's first listed implementation, uses.
IDEMPOTENT_REPLAYED = "Idempotent-Replayed"
