"""The signed-in person's own things in the API (`/api/v1/me/...`): their to-do."""
