"""The backend-for-frontend: the page's own server holds the user's tokens (issue 14)."""
