"""Validate JSON documents against a JSON Schema with Python's `jsonschema` (an independent
implementation): python validate_json.py SCHEMA DOCUMENT... Prints one line per document;
exits 1 if the schema or any document is invalid."""
import json
import sys

from jsonschema import validators
from jsonschema.exceptions import SchemaError

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
cls = validators.validator_for(schema)
try:
    # Checks the schema against its meta-schema, with formats: a `pattern` that is not a
    # portable regular expression fails here ("is not a 'regex'").
    cls.check_schema(schema)
except SchemaError as e:
    print(f"{sys.argv[1]}: the schema is invalid: {e.message}")
    sys.exit(1)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
    for e in errors[:5]:
        print(f"{path}: /{'/'.join(map(str, e.path))}: {e.message}")
    print(f"{path}: {'invalid' if errors else 'valid'}")
    bad += bool(errors)
sys.exit(1 if bad else 0)
