"""The API's contract: schemathesis against the OpenAPI document (run by .ci/run)."""
