"""Structured (one JSON object per line) log records, safe for log injection."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key != "request":
                data[key] = value if isinstance(value, int | float | bool | None) else str(value)
        request = getattr(record, "request", None)
        if request is not None:
            data["request_id"] = getattr(request, "request_id", None)
            data["path"] = getattr(request, "path", None)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        # json.dumps escapes CR/LF, so a user-supplied value cannot forge a log line.
        return json.dumps(data, ensure_ascii=False)
