"""Shared fixtures: a tiny Marian model built and loaded through transbench's own code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FLORES = SHARED / "testsets" / "flores200-dev"
EXAMPLE = ROOT / "examples" / "qahtaniyah-patrols.ar.txt"
GLOSSARY = ROOT / "glossary"
# A desk's accounts, for the tests of roles and collaboration in the editor.
PEOPLE = {"omar": "translator", "rana": "reviser", "tariq": "terminologist", "amal": "admin"}
TEXT = "وصل الرتل إلى الحسكة.\nوانسحب بعد ساعة."


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """Random weights, sentencepiece trained here on the bundled corpus plus the glossary."""
    from transbench.glossary import collection
    from transbench.models.demo import build_demo_model

    terms = collection.all_terms(collection.load_files([GLOSSARY]))
    return build_demo_model(
        tmp_path_factory.mktemp("tiny-model"),
        extra_source=[f for t in terms for f in t.source_forms],
        extra_target=[t.en for t in terms],
    )


@pytest.fixture(scope="session")
def ending_model_dir(tiny_model_dir, tmp_path_factory) -> Path:
    """The tiny model, taught to end its sentences (see `teach_to_end`)."""
    import shutil

    from transbench.models.demo import teach_to_end

    out = tmp_path_factory.mktemp("ending-model") / "model"
    shutil.copytree(tiny_model_dir, out)
    return teach_to_end(out)


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path, monkeypatch):
    """No test reads or fills the user's draft cache, translation memory, workspace or model
    cache: each gets its own, in its temp folder."""
    monkeypatch.setenv("TRANSBENCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRANSBENCH_TM", str(tmp_path / "user-data" / "memory.sqlite3"))
    monkeypatch.setenv("TRANSBENCH_MODEL_CACHE", str(tmp_path / "model-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    # Nor does the user's choice of model, glossary folder or logins reach a test.
    for name in (
        "TRANSBENCH_MODEL",
        "TRANSBENCH_GLOSSARY_DIR",
        "TRANSBENCH_USERS",
        "TRANSBENCH_AUTH",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def flores_ar() -> list[str]:
    path = FLORES / "dev.arb_Arab"
    if not path.exists():
        pytest.skip("../shared/testsets is not present (it is in CI)")
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def desk_users(tmp_path):
    from transbench.accounts import UsersFile

    users = UsersFile(tmp_path / "users.json")
    for name, role in PEOPLE.items():
        users.add(name, role, f"{name}-password")
    return users


@pytest.fixture
def desk(tiny_model_dir, tmp_path, desk_users):
    """An editor service with the desk's accounts (PEOPLE), as `serve` makes it."""
    from transbench.accounts import Logins
    from transbench.glossary import collection
    from transbench.glossary.matcher import Matcher
    from transbench.models.loading import load_model
    from transbench.models.registry import load_registry
    from transbench.mt.transformers_backend import TransformersTranslator
    from transbench.pipeline import Pipeline
    from transbench.ui.service import EditorService
    from transbench.workspace import Workspace

    folder = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, folder)
    spec = load_registry(ROOT / "models.yaml").resolve(str(tiny_model_dir))
    matcher = Matcher(collection.all_terms(collection.load_files([folder])))
    pipeline = Pipeline(TransformersTranslator(load_model(spec)), matcher, "hard")
    return EditorService(
        pipeline, Workspace(tmp_path / "ws.sqlite3"), folder, logins=Logins(desk_users)
    )


@pytest.fixture(scope="session")
def desk_server(tiny_model_dir, tmp_path_factory):
    """`transbench serve` with the desk's accounts (PEOPLE), started once for the tests
    that work over HTTP, each in its own documents."""
    from transbench.accounts import UsersFile

    from .serving import serve

    home = tmp_path_factory.mktemp("desk-home")
    users = UsersFile(home / "data" / "transbench" / "users.json")  # the default place
    for name, role in PEOPLE.items():
        users.add(name, role, f"{name}-password")
    with serve(home, tiny_model_dir) as server:
        yield server
