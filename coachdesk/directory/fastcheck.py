"""The compiled ORUK service validator (fastjsonschema), without its unread bookkeeping.

For every object it checks, fastjsonschema's generated code copies the object's keys into
a set and takes each known property out of the set as it checks it, so that a schema with
`additionalProperties` can look at what is left. The ORUK schema has no such rule, so the
sets are never read: here the generated code asks the object itself whether it has a
property (the same answer), which takes a fifth off the time a record takes to check.
Should a schema ever read the sets, the code is used exactly as generated.

Only accept or refuse is used: a refused record goes to jsonschema, which explains it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import fastjsonschema

_COPY = re.compile(r"^ *(\w+)_keys = set\(\1\.keys\(\)\)\n", re.MULTILINE)
_TAKE = re.compile(r"^ *(\w+)_keys\.remove\(\"[^\"\\]*\"\)\n", re.MULTILINE)
_ASK = re.compile(r"if (\"[^\"\\]*\") in (\w+)_keys:")
#: any other use of a key set (additionalProperties, say) keeps the code as generated
_KEY_SET = re.compile(r"\b\w+_keys\b")


def without_key_sets(code: str) -> str:
    """The generated code with each object's key set left out, or the code unchanged if
    anything but the pattern above reads a key set (the `__missing_keys` of `required`
    is a different name and stays)."""
    lean = _ASK.sub(r"if \1 in \2:", _TAKE.sub("", _COPY.sub("", code)))
    if any(not m.group(0).endswith("__missing_keys") for m in _KEY_SET.finditer(lean)):
        return code
    return lean


def compile_validator(schema: dict[str, Any], formats: dict[str, Any]) -> Callable[[Any], Any]:
    """A function that returns when `schema` accepts its argument and raises otherwise."""
    code = fastjsonschema.compile_to_code(schema, formats=formats, detailed_exceptions=False)
    namespace: dict[str, Any] = {}
    # the code fastjsonschema generated from the bundled schema, as its own compile() runs it
    exec(compile(without_key_sets(code), "<ORUK service validator>", "exec"), namespace)  # noqa: S102
    validate = namespace["validate"]
    return lambda data: validate(data, custom_formats=formats)
