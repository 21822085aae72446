"""schemathesis hooks for the platform's fuzz runs (loaded through SCHEMATHESIS_HOOKS).

error_shape: every error answer (status >= 400) is the platform's JSON error body
{statusCode, error, message}, with statusCode equal to the HTTP status. The one exception is a
readiness probe's 503, whose body is the probe report (which dependency is down, and why).
"""
import json

import schemathesis


@schemathesis.check
def error_shape(ctx, response, case):
    status = response.status_code
    if status < 400:
        return None
    if status == 503 and case.operation.path.startswith("/health/"):
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{status} answered a body that is not JSON: {response.content[:200]!r}")
    if not isinstance(body, dict):
        raise AssertionError(f"{status} answered {type(body).__name__} instead of {{statusCode, error, message}}")
    problems = []
    if body.get("statusCode") != status:
        problems.append(f"statusCode is {body.get('statusCode')!r}, not {status}")
    for field in ("error", "message"):
        if not isinstance(body.get(field), str) or not body.get(field):
            problems.append(f"{field} is missing or not a text")
    if problems:
        raise AssertionError(f"the {status} error body is not {{statusCode, error, message}}: " + "; ".join(problems))
    return None
