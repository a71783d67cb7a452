"""The human-readable API page, rendered on the server from the OpenAPI schema: every endpoint
with its parameters, an example request and an example response. No JavaScript and nothing
from a CDN (our CSP forbids third-party scripts and the portal must work offline)."""

import functools
import json

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator

SAMPLE_STRINGS = {
    "date-time": "2026-03-02T14:30:00+06:00",
    "date": "2026-03-02",
    "uri": "https://sep.example.kg/api/v1/…",
    "email": "…",
}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """Describes sep.api.ApiKeyAuthentication in the schema (loaded with the API's URLs)."""

    target_class = "sep.api.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _(
                "Optional. `Api-Key <key>` raises the rate limit; request a free key "
                "on the portal (My profile → My API keys)."
            ),
        }


def api_schema() -> dict:
    """The schema in the active language: its texts are lazy translations, resolved (and so
    fixed) when it is built, hence one cached copy per language."""
    return _schema_in(get_language())


@functools.cache
def _schema_in(language: str) -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def example_of(schema: dict, node: dict, depth: int = 0):
    """A plausible value for `node`, built from its types: documentation, not data."""
    node = _resolve(schema, node)
    if depth > 6:
        return None
    if "example" in node:
        return node["example"]
    for combined in ("allOf", "oneOf", "anyOf"):
        if node.get(combined):
            options = [_resolve(schema, option) for option in node[combined]]
            typed = [option for option in options if option.get("type") != "null"]
            return example_of(schema, (typed or options)[0], depth + 1)
    if node.get("enum"):
        return next((value for value in node["enum"] if value not in ("", None)), None)
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {
            name: example_of(schema, prop, depth + 1)
            for name, prop in node.get("properties", {}).items()
        }
    if kind == "array":
        return [example_of(schema, node.get("items", {}), depth + 1)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "string":
        return SAMPLE_STRINGS.get(node.get("format"), "…")
    return {}


def add_response_examples(result, generator, request, public):
    """drf-spectacular post-processing hook: an example answer on every operation of the
    schema itself, so any OpenAPI tool shows one too."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            response = operation.get("responses", {}).get("200", {})
            content = response.get("content", {}).get("application/json")
            if content and "schema" in content:
                content["example"] = example_of(result, content["schema"])
    return result


def endpoints() -> list[dict]:
    schema = api_schema()
    rows = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "type": _resolve(schema, p.get("schema", {})).get("type", "string"),
                    "format": _resolve(schema, p.get("schema", {})).get("format", ""),
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
            response = operation.get("responses", {}).get("200", {})
            content = response.get("content", {}).get("application/json", {})
            example = example_of(schema, content["schema"]) if "schema" in content else None
            request_path = path.replace("{id}", "1")
            rows.append(
                {
                    "id": operation.get("operationId", path),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "example_request": f"curl -H 'Accept: application/json' "
                    f"'https://sep.example.kg{request_path}'",
                    "example_response": json.dumps(example, ensure_ascii=False, indent=2)
                    if example is not None
                    else "",
                }
            )
    return rows


def api_docs(request):
    schema = api_schema()
    return render(
        request,
        "api_docs.html",
        {
            "info": schema.get("info", {}),
            "endpoints": endpoints(),
            "anon_rate": settings.SEP_API_RATE_ANON,
            "key_rate": settings.SEP_API_RATE_KEY,
        },
    )
