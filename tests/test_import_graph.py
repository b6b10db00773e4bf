"""The import graph of `bot/` (issue 15): no cycles between packages, and the Telegram and Twilio
libraries only inside the channels and the app wiring.

Every `import` counts, at the top of a module or inside a function, so a lazy import cannot hide
a cycle. A "package" is a first-level folder of `bot/` (bot.engine, bot.flows, ...) or a top-level
module (bot.runtime, bot.cli, ...).
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"

# Where `telegram` and `twilio` may be imported: the channels, the app wiring, and
# handoff/notify.py until the channel issue sends through the Telegram adapter.
CHANNEL_LIBRARIES = ("telegram", "twilio")
ALLOWED_CHANNEL_IMPORTERS = (
    "bot.channels",
    "bot.web.app",
    "bot.runtime",
    "bot.cli",
    "bot.handoff.notify",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(BOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[str]:
    """Every module a file imports, absolute, wherever the import statement stands."""
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append(target)
            # `from bot.channels import sms` imports the module bot.channels.sms
            found.extend(
                f"{target}.{alias.name}"
                for alias in node.names
                if (BOT.parent / target.replace(".", "/") / alias.name).is_dir()
                or (BOT.parent / target.replace(".", "/") / f"{alias.name}.py").is_file()
            )
    return found


def _package(module: str) -> str | None:
    """The package of a `bot` module: bot.engine.router -> bot.engine; bot.cli -> bot.cli."""
    parts = module.split(".")
    if parts[0] != "bot" or len(parts) < 2:
        return None
    head = f"bot.{parts[1]}"
    if (BOT / parts[1]).is_dir() or (BOT / f"{parts[1]}.py").is_file():
        return head
    return None


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(BOT.rglob("*.py"))}


def package_graph() -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> the modules (importer -> imported) that make the edge."""
    graph: dict[str, dict[str, list[str]]] = {}
    for module, path in _modules().items():
        source = _package(module)
        if source is None:
            continue
        graph.setdefault(source, {})
        for target in _imports(path):
            destination = _package(target)
            if destination is None or destination == source:
                continue
            graph[source].setdefault(destination, []).append(f"{module} -> {target}")
    return graph


def package_cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _describe(graph: dict[str, dict[str, list[str]]], component: list[str]) -> str:
    members = set(component)
    lines = [" <-> ".join(component)]
    for source in component:
        for destination, edges in sorted(graph[source].items()):
            if destination in members:
                lines.extend(f"    {edge}" for edge in sorted(set(edges)))
    return "\n".join(lines)


def test_the_graph_sees_lazy_imports() -> None:
    graph = package_graph()
    assert "bot.engine" in graph and "bot.flows" in graph
    assert graph["bot.cli"], "the CLI imports the rest of the program inside its commands"


def test_no_cycle_between_packages() -> None:
    graph = package_graph()
    cycles = package_cycles(graph)
    mutual = sorted(
        {" <-> ".join(sorted((a, b))) for a in graph for b in graph[a] if a in graph.get(b, {})}
    )
    report = "\n".join(
        ["packages importing each other: " + ", ".join(mutual)]
        + [_describe(graph, component) for component in cycles]
    )
    print(report)
    assert not cycles, f"package cycles in bot/:\n{report}"


def test_telegram_and_twilio_only_in_channels_and_wiring() -> None:
    offenders = []
    for module, path in _modules().items():
        if any(module == a or module.startswith(f"{a}.") for a in ALLOWED_CHANNEL_IMPORTERS):
            continue
        for target in _imports(path):
            if target.split(".")[0] in CHANNEL_LIBRARIES:
                offenders.append(f"{module} -> {target}")
    print("\n".join(offenders))
    assert not offenders, "telegram/twilio imported outside the channels:\n" + "\n".join(offenders)


def test_the_channels_do_not_import_the_wiring_that_builds_them() -> None:
    """A channel sees the runtime through bot.channels.host; importing bot.runtime (which builds
    the engine), the web app or the CLI would close a cycle through the engine."""
    edges = package_graph()["bot.channels"]
    wiring = {"bot.runtime", "bot.web", "bot.cli", "bot.engine", "bot.console", "bot.handoff"}
    assert not wiring & set(edges), {p: edges[p] for p in wiring & set(edges)}


def test_the_knowledge_base_does_not_import_its_readers() -> None:
    edges = package_graph()["bot.knowledge"]
    readers = {"bot.channels", "bot.engine", "bot.flows", "bot.dialogue", "bot.understanding"}
    assert not readers & set(edges), {p: edges[p] for p in readers & set(edges)}


def test_a_cycle_is_found_when_there_is_one() -> None:
    """The checker itself: a two-package loop and a three-package loop are reported."""
    graph = {
        "bot.a": {"bot.b": ["bot.a.x -> bot.b.y"]},
        "bot.b": {"bot.c": ["bot.b.y -> bot.c"]},
        "bot.c": {"bot.a": ["bot.c -> bot.a"]},
        "bot.d": {"bot.e": ["bot.d -> bot.e"]},
        "bot.e": {"bot.d": ["bot.e -> bot.d"]},
        "bot.f": {"bot.a": ["bot.f -> bot.a"]},
    }
    assert sorted(package_cycles(graph)) == [["bot.a", "bot.b", "bot.c"], ["bot.d", "bot.e"]]


def test_the_dialogue_core_depends_on_no_room_around_it() -> None:
    """Engine, flows, handoff and console depend on bot.dialogue, never the other way round."""
    forbidden = {
        "bot.engine",
        "bot.flows",
        "bot.handoff",
        "bot.console",
        "bot.channels",
        "bot.storage",
        "bot.web",
        "bot.runtime",
        "bot.cli",
    }
    edges = package_graph()["bot.dialogue"]
    assert not forbidden & set(edges), {p: edges[p] for p in forbidden & set(edges)}
