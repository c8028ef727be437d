"""Settings: defaults, overridden by an ``evaltool.toml`` file, overridden by command-line flags."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Final

from evaltool.codes import CODES, CodeStatus
from evaltool.findings import Severity
from evaltool.layout import DEFAULT_HIERARCHY

CONFIG_NAME: Final = "evaltool.toml"
# Bundled scoring profiles (evaltool/profiles/<name>.toml), chosen with ``profile = "<name>"``.
PROFILES: Final = ("national", "sichuan", "anhui")
DEFAULT_PROFILE: Final = "national"
log = logging.getLogger(__name__)


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep one hostile file from exhausting the machine."""

    max_cells: int = 100_000  # non-empty cells per workbook (~0.6 KB each: keeps a process under ~150 MiB)
    max_unzipped_mb: int = 256  # decompressed size of an .xlsx/.xlsm/.ods archive
    max_file_mb: int = 100  # size on disk
    timeout_seconds: float = 60.0  # per file, in batch runs and in `evaltool serve`


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that changes what the checks report. One typed object, passed everywhere."""

    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    profile: str = DEFAULT_PROFILE  # the bundled preset the file started from (its own keys override it)
    # Project self-evaluation weights (domain spec §4); Sichuan: 执行率 10 + 指标 90.
    project_weights: Mapping[str, float] = field(
        default_factory=lambda: {"产出指标": 50.0, "效益指标": 30.0, "满意度指标": 10.0, "执行率": 10.0}
    )
    execution_threshold: float = 90.0  # percent; below it a written reason is required
    reason_when_adjusted: bool = True  # 全年预算数 ≠ 年初预算数 needs a reason
    exceeded_ratio: float = 1.3  # actual > ratio × a ≥ target: target set too low (info)
    reverse_scoring: str = "ratio"  # "ratio": T/A × w; "linear": (1 − (A−T)/T) × w, 0 from 2T
    qualitative_bands: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: {"达成": (80.0, 100.0), "部分达成": (60.0, 80.0), "未达成": (0.0, 60.0)}
    )
    grades: Mapping[str, float] = field(
        default_factory=lambda: {"优": 90.0, "良": 80.0, "中": 60.0}  # 差 below the last
    )
    hierarchy: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_HIERARCHY))
    unit_outlier_factor: float = 3000.0  # an amount this many times its peers' median: 元 vs 万元
    limits: Limits = field(default_factory=Limits)
    source: Path | None = None  # the file these settings came from, for messages

    @property
    def execution_weight(self) -> float:
        """The weight of the execution-rate score: ``project_weights["执行率"]`` (one setting, not two)."""
        return float(self.project_weights.get("执行率", 10.0))

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The configured severity of a rule, else its default."""
        return self.severities.get(code, default)

    def enabled(self, code: str) -> bool:
        """Whether a rule runs."""
        return code not in self.disabled

    def fingerprint(self) -> str:
        """A stable text of every setting that changes findings (batch re-check decisions)."""
        parts = []
        for f in fields(self):
            if f.name == "source":
                continue
            value = getattr(self, f.name)
            if isinstance(value, Mapping):
                value = sorted((k, repr(v)) for k, v in value.items())
            elif isinstance(value, frozenset):
                value = sorted(value)
            parts.append(f"{f.name}={value!r}")
        return ";".join(parts)


# The file's shape: section -> key -> Settings attribute (None: handled specially).
_SCHEMA: Final[dict[str, dict[str, str | None]]] = {
    "rules": {"disable": None, "severity": None},
    "execution": {
        "threshold": "execution_threshold",
        "reason_when_adjusted": "reason_when_adjusted",
    },
    "scoring": {
        "project_weights": "project_weights",
        "reverse": "reverse_scoring",
        "grades": "grades",
        "qualitative_bands": "qualitative_bands",
    },
    "indicators": {"exceeded_ratio": "exceeded_ratio", "hierarchy": "hierarchy"},
    "money": {"unit_outlier_factor": "unit_outlier_factor"},
    "limits": {f.name: None for f in fields(Limits)},
}


def _unknown(key: str, known: list[str], where: str, source: Path | str) -> ConfigError:
    import difflib  # only for a mistyped key: not worth its import on every start

    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
    return ConfigError(f"{source}: unknown key {where}{key!r}{hint}")


def _number(value: Any, key: str, source: Path | str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{source}: {key} must be a number, not {value!r}")
    return float(value)


def profile_text(name: str) -> str:
    """The bundled preset ``evaltool/profiles/<name>.toml``, as shipped (readable TOML)."""
    from importlib.resources import files

    return files("evaltool").joinpath("profiles", f"{name}.toml").read_text(encoding="utf-8")


def _with_profile(data: Mapping[str, Any], source: Path | str) -> tuple[dict[str, Any], str | None]:
    """``data`` over the preset its ``profile`` key names (section by section, key by key)."""
    import tomllib

    data = dict(data)
    name = data.pop("profile", None)
    if name is None:
        return data, None
    if name not in PROFILES:
        raise ConfigError(f"{source}: profile must be one of {', '.join(map(repr, PROFILES))}, not {name!r}")
    merged: dict[str, Any] = {k: dict(v) for k, v in tomllib.loads(profile_text(name)).items()}
    for section, body in data.items():
        if isinstance(body, Mapping) and isinstance(merged.get(section), dict):
            merged[section].update(body)
        else:
            merged[section] = body
    return merged, name


def _active_code(code: Any, where: str, source: Path | str) -> bool:
    """Whether a code named in [rules] is active; a removed one is logged and skipped, an unknown one raises."""
    entry = CODES.get(str(code))
    if entry is None:
        raise _unknown(str(code), sorted(CODES), f"rule in {where}: ", source)
    if entry.status is CodeStatus.REMOVED:
        log.warning("%s: %s names %s, a removed rule (%s); ignored", source, where, entry.code, entry.note)
        return False
    return True


def settings_from_mapping(data: Mapping[str, Any], source: Path | str = "<config>") -> Settings:
    """Build Settings from a parsed TOML document; unknown keys raise ConfigError.

    A top-level ``profile = "national" | "sichuan" | "anhui"`` starts from that bundled preset
    (``evaltool/profiles/``); the file's own keys override the preset's.
    """
    settings = Settings(source=Path(source) if isinstance(source, Path) else None)
    changes: dict[str, Any] = {}
    data, profile = _with_profile(data, source)
    if profile is not None:
        changes["profile"] = profile
    for section, body in data.items():
        if section not in _SCHEMA:
            raise _unknown(section, list(_SCHEMA), "section ", source)
        if not isinstance(body, Mapping):
            raise ConfigError(f"{source}: [{section}] must be a table")
        for key, value in body.items():
            if key not in _SCHEMA[section]:
                raise _unknown(key, list(_SCHEMA[section]), f"[{section}] ", source)
            attr = _SCHEMA[section][key]
            where = f"[{section}] {key}"
            if section == "rules":
                codes = [value] if isinstance(value, str) else value
                if key == "disable":
                    if not isinstance(codes, list):
                        raise ConfigError(f"{source}: {where} must be a list of rule codes")
                    changes["disabled"] = frozenset(c for c in codes if _active_code(c, where, source))
                else:
                    if not isinstance(value, Mapping):
                        raise ConfigError(f"{source}: {where} must map rule codes to severities")
                    sev: dict[str, Severity] = {}
                    for code, level in value.items():
                        if not _active_code(code, where, source):
                            continue
                        try:
                            sev[code] = Severity.parse(str(level))
                        except ValueError as exc:
                            raise ConfigError(f"{source}: {where}.{code}: {exc}") from None
                    changes["severities"] = sev
            elif section == "limits":
                current = changes.get("limits", settings.limits)
                kind = type(getattr(current, key))
                number = _number(value, where, source)
                changes["limits"] = replace(current, **{key: kind(number)})
            elif attr in ("project_weights", "grades"):
                if not isinstance(value, Mapping) or not value:
                    raise ConfigError(f"{source}: {where} must be a non-empty table of numbers")
                changes[attr] = {str(k): _number(v, f"{where}.{k}", source) for k, v in value.items()}
            elif attr == "qualitative_bands":
                bands: dict[str, tuple[float, float]] = {}
                if not isinstance(value, Mapping):
                    raise ConfigError(f"{source}: {where} must be a table of [low, high] pairs")
                for grade, pair in value.items():
                    if not (isinstance(pair, list) and len(pair) == 2):
                        raise ConfigError(f"{source}: {where}.{grade} must be [low, high]")
                    bands[str(grade)] = (_number(pair[0], where, source), _number(pair[1], where, source))
                changes[attr] = bands
            elif attr == "hierarchy":
                if not isinstance(value, Mapping):
                    raise ConfigError(f"{source}: {where} must map 一级 to a list of 二级")
                changes[attr] = {str(k): tuple(map(str, v)) for k, v in value.items()}
            elif attr == "reverse_scoring":
                if value not in ("ratio", "linear"):
                    raise ConfigError(f'{source}: {where} must be "ratio" or "linear"')
                changes[attr] = value
            elif attr == "reason_when_adjusted":
                if not isinstance(value, bool):
                    raise ConfigError(f"{source}: {where} must be true or false")
                changes[attr] = value
            else:
                assert attr is not None
                changes[attr] = _number(value, where, source)
    return replace(settings, **changes)


def load_settings(path: Path) -> Settings:
    """Read an ``evaltool.toml`` file; any problem is a ConfigError naming the file."""
    import tomllib  # only when there is a configuration file

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return settings_from_mapping(data, path)


def settings_for(workbook: Path, explicit: Path | None = None) -> Settings:
    """The settings for checking ``workbook``: ``explicit``, else ``evaltool.toml`` beside it."""
    if explicit is not None:
        return load_settings(explicit)
    beside = workbook.parent / CONFIG_NAME
    if beside.is_file():
        return load_settings(beside)
    return Settings()
