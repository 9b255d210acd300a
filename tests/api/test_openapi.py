"""The OpenAPI document describes the errors as they are ({error, message, fields}), lists the
error statuses each operation can answer, and 405 answers say which methods are allowed."""


def test_the_error_schema_is_the_real_one(client, db):
    spec = client.get("/api/v1/openapi.json").json
    schema = spec["components"]["schemas"]["ErrorOut"]
    assert set(schema["properties"]) == {"error", "message", "fields"}
    assert "Error" not in spec["components"]["schemas"]  # flask-smorest's {code,status,message,errors}
    unauthorized = spec["components"]["responses"]["UNAUTHORIZED"]
    assert unauthorized["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_each_operation_lists_its_error_statuses(client, db):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for operations in paths.values():
        for method, operation in operations.items():
            if method != "parameters":
                assert "default" not in operation["responses"]
    assert {"400", "401", "429", "422"} <= set(paths["/api/v1/tokens"]["post"]["responses"])
    verify = paths["/api/v1/claims/{claim_id}/verify"]["post"]["responses"]
    assert {"401", "403", "404", "409", "422"} <= set(verify)


def test_method_not_allowed_says_what_is(client, db):
    response = client.get("/api/v1/tokens")
    assert response.status_code == 405 and response.is_json
    assert "POST" in response.headers["Allow"]
    page = client.put("/auth/login")
    assert page.status_code == 405 and "GET" in page.headers["Allow"]
