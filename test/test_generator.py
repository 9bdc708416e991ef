"""codegen/generate.py: the tree matches the spec, --check catches drift, output is what users import."""
import inspect
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join("codegen", "generate.py")
PY_HEADER = re.compile(r"^# generated from spec/\S+( spec/\S+)* by codegen/generate\.py; do not edit$")


def run_generator(root, *args):
    return subprocess.run(
        [sys.executable, os.path.join(root, GENERATOR), *args],
        cwd=root, capture_output=True, text=True, timeout=120,
    )


def generated_files(root):
    """Relative paths of the files in the tree that carry the generated header."""
    found = []
    for folder, ext in (("kfp_server_api/models", ".py"), ("kfp_server_api/api", ".py"),
                        ("kfp_server_api", ".py"), ("docs", ".md")):
        for name in sorted(os.listdir(os.path.join(root, folder))):
            path = os.path.join(root, folder, name)
            if name.endswith(ext) and os.path.isfile(path):
                with open(path, encoding="utf-8") as f:
                    if f.readline().startswith(("# generated from spec/", "<!-- generated from spec/")):
                        found.append(f"{folder}/{name}")
    return found


@pytest.fixture()
def tree_copy(tmp_path):
    """codegen/, spec/ and the generated tree copied to a temporary project root."""
    root = tmp_path / "proj"
    shutil.copytree(os.path.join(ROOT, "codegen"), root / "codegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(os.path.join(ROOT, "spec"), root / "spec")
    for rel in generated_files(ROOT):
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(os.path.join(ROOT, rel), dest)
    return root


def test_check_passes_on_the_tree():
    result = run_generator(ROOT, "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_copied_tree_is_up_to_date(tree_copy):
    result = run_generator(str(tree_copy), "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_changed_template_is_detected_and_fixed_by_regenerating(tree_copy):
    tmpl = tree_copy / "codegen" / "templates" / "enum.py.tmpl"
    tmpl.write_text(tmpl.read_text() + "\n# a new line in every enum module\n")
    result = run_generator(str(tree_copy), "--check")
    assert result.returncode == 1
    assert "kfp_server_api/models/api_resource_type.py: differs" in result.stdout
    assert "kfp_server_api/models/job_mode.py: differs" in result.stdout
    assert "kfp_server_api/models/api_run.py" not in result.stdout  # not an enum
    assert run_generator(str(tree_copy)).returncode == 0
    assert run_generator(str(tree_copy), "--check").returncode == 0
    assert (tree_copy / "kfp_server_api/models/job_mode.py").read_text().endswith("# a new line in every enum module\n")


def test_hand_edit_and_missing_file_are_detected(tree_copy):
    api_run = tree_copy / "kfp_server_api/models/api_run.py"
    api_run.write_text(api_run.read_text().replace('"name": "name"', '"name": "title"'))
    (tree_copy / "docs/ApiJob.md").unlink()
    result = run_generator(str(tree_copy), "--check")
    assert result.returncode == 1
    assert "kfp_server_api/models/api_run.py: differs" in result.stdout
    assert "docs/ApiJob.md: missing" in result.stdout


def test_stale_generated_file_is_detected_and_removed(tree_copy):
    stale = tree_copy / "kfp_server_api/models/api_old_thing.py"
    stale.write_text("# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit\n")
    stale_doc = tree_copy / "docs/ApiOldThing.md"
    stale_doc.write_text("<!-- generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit -->\n")
    guide = tree_copy / "docs/getting-started.md"
    guide.write_text("# Getting started\n")  # hand-written: never touched
    result = run_generator(str(tree_copy), "--check")
    assert result.returncode == 1
    assert "kfp_server_api/models/api_old_thing.py: stale" in result.stdout
    assert "docs/ApiOldThing.md: stale" in result.stdout
    assert "getting-started" not in result.stdout
    assert run_generator(str(tree_copy)).returncode == 0
    assert not stale.exists() and not stale_doc.exists() and guide.exists()


def test_conflicting_duplicate_definition_fails_loudly(tree_copy):
    path = tree_copy / "spec/task_v1alpha1.swagger.json"
    spec = json.loads(path.read_text())
    spec["definitions"]["apiResourceKey"]["properties"]["id"]["description"] = "changed"
    path.write_text(json.dumps(spec))
    result = run_generator(str(tree_copy), "--check")
    assert result.returncode == 2
    assert "apiResourceKey" in result.stderr and "differs" in result.stderr


def test_output_is_deterministic():
    sys.path.insert(0, os.path.join(ROOT, "codegen"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    first = generate.generate(ROOT)
    assert first == generate.generate(ROOT)
    assert sorted(first) == sorted(generated_files(ROOT))


def test_every_generated_file_starts_with_the_header():
    files = generated_files(ROOT)
    assert len([f for f in files if f.startswith("kfp_server_api/models/") and f != "kfp_server_api/models/__init__.py"]) == 49
    assert len([f for f in files if f.startswith("docs/")]) == 49 + 7 + 1
    for rel in files:
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
        if rel.endswith(".md"):
            assert first.startswith("<!-- generated from spec/") and first.endswith("do not edit -->")
        else:
            assert first.startswith("# generated from spec/") and first.endswith("by codegen/generate.py; do not edit")


EXPECTED_METHODS = {
    "ExperimentServiceApi": {"create_experiment", "get_experiment", "list_experiment", "delete_experiment",
                             "archive_experiment", "unarchive_experiment"},
    "RunServiceApi": {"create_run", "get_run", "list_runs", "delete_run", "archive_run", "unarchive_run",
                      "read_artifact", "report_run_metrics", "retry_run", "terminate_run"},
    "JobServiceApi": {"create_job", "get_job", "list_jobs", "delete_job", "enable_job", "disable_job"},
    "PipelineServiceApi": {"create_pipeline", "get_pipeline", "list_pipelines", "delete_pipeline", "get_template",
                           "get_pipeline_by_name", "create_pipeline_version", "get_pipeline_version",
                           "list_pipeline_versions", "delete_pipeline_version", "get_pipeline_version_template",
                           "update_pipeline_default_version"},
    "PipelineUploadServiceApi": {"upload_pipeline", "upload_pipeline_version"},
    "HealthzServiceApi": {"get_healthz"},
    "TaskServiceApi": {"create_task", "list_tasks"},
}


def test_api_classes_operations_and_method_names():
    import kfp_server_api
    from kfp_server_api.api import ALL_OPERATIONS
    from kfp_server_api.operation import REQUIRED, BaseApi

    assert len(ALL_OPERATIONS) == 39
    assert len({(o.api, o.name) for o in ALL_OPERATIONS}) == 39
    for api, methods in EXPECTED_METHODS.items():
        cls = getattr(kfp_server_api, api)
        assert issubclass(cls, BaseApi)
        module = sys.modules[cls.__module__]
        assert set(module.OPERATIONS) == methods
        for m in methods:
            assert callable(getattr(cls, m)) and callable(getattr(cls, m + "_with_http_info"))
            op = module.OPERATIONS[m]
            assert op.api == api and op.idempotent == (op.method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS"))
            assert op.auth == (() if api == "TaskServiceApi" else ("Bearer",))
            sig = inspect.signature(getattr(cls, m))
            for p in op.params:
                param = sig.parameters[p.name]
                if p.required:
                    assert param.default is REQUIRED and param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
                else:
                    assert param.default is None and param.kind is inspect.Parameter.KEYWORD_ONLY


def test_operation_details_match_the_seed_docs():
    from kfp_server_api.api.pipeline_upload_service_api import UPLOAD_PIPELINE_VERSION
    from kfp_server_api.api.run_service_api import GET_RUN, LIST_RUNS, READ_ARTIFACT, DELETE_RUN

    assert GET_RUN.path == "/apis/v1beta1/runs/{run_id}" and GET_RUN.response_type == "ApiRunDetail"
    assert DELETE_RUN.response_type == "object" and DELETE_RUN.method == "DELETE"
    assert [p.name for p in READ_ARTIFACT.params] == ["run_id", "node_id", "artifact_name"]
    names = {p.name: p for p in LIST_RUNS.params}
    assert names["resource_reference_key_type"].wire == "resource_reference_key.type"
    assert "EXPERIMENT" in names["resource_reference_key_type"].enum
    assert names["page_size"].type == "int"
    up = {p.name: p for p in UPLOAD_PIPELINE_VERSION.params}
    assert up["uploadfile"].location == "form" and up["uploadfile"].type == "file" and up["uploadfile"].required
    assert UPLOAD_PIPELINE_VERSION.consumes == ("multipart/form-data",)
    assert list(up) == ["uploadfile", "name", "pipelineid", "description", "namespace"]


def test_api_modules_do_not_import_models_and_package_import_is_lazy():
    code = (
        "import sys, kfp_server_api\n"
        "assert not [m for m in sys.modules if m.startswith('kfp_server_api.')"
        " and m not in ('kfp_server_api._exports', 'kfp_server_api._version')], sorted(sys.modules)\n"
        "from kfp_server_api import RunServiceApi\n"
        "assert not [m for m in sys.modules if m.startswith('kfp_server_api.models.')]\n"
        "assert [m for m in sys.modules if m.startswith('kfp_server_api.api.')] == ['kfp_server_api.api.run_service_api']\n"
        "assert 'html' not in sys.modules and 'pprint' not in sys.modules\n"
        "import kfp_server_api.api as api\n"
        "assert len(api.ALL_OPERATIONS) == 39 and 'JobServiceApi' in dir(api)\n"
        "assert 'RunServiceApi' in dir(kfp_server_api) and 'ApiRun' in dir(kfp_server_api.models)\n"
        "assert kfp_server_api.models.api_resource_type.ApiResourceType.JOB == 'JOB'\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_examples_in_generated_model_docs_run():
    ran = 0
    for rel in generated_files(ROOT):
        if not rel.startswith("docs/") or rel == "docs/README.md" or rel.endswith("ServiceApi.md"):
            continue
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            for code in re.findall(r"```python\n(.*?)```", f.read(), re.S):
                exec(compile(code, rel, "exec"), {})  # noqa: S102
                ran += 1
    assert ran == 49


def test_api_docs_link_every_method_and_model():
    with open(os.path.join(ROOT, "docs", "README.md"), encoding="utf-8") as f:
        readme = f.read()
    for api, methods in EXPECTED_METHODS.items():
        with open(os.path.join(ROOT, "docs", f"{api}.md"), encoding="utf-8") as f:
            page = f.read()
        for m in methods:
            assert f"## {m}\n" in page and f"api_instance.{m}(" in page
            assert f"[{m}]({api}.md#{m})" in readme
    for name in ("ApiRun", "ProtobufValue", "ApiTask", "PredicateOp"):
        assert f"[{name}]({name}.md)" in readme
    for guide in ("getting-started.md", "authentication.md", "paging-and-filtering.md", "testing-with-the-stub.md",
                  "migrating.md", "stub-server.md", "reliability.md"):
        assert f"({guide})" in readme


def test_api_doc_examples_run_against_the_stub(kfp_stub, tmp_path, monkeypatch, capsys):
    """Every example of docs/<Api>.md runs as written (host pointed at the stub): the call either
    succeeds or ends in the ApiException handler, never in another error."""
    shutil.copyfile(os.path.join(ROOT, "test", "data", "pipelines", "hello-world-v2.yaml"), tmp_path / "pipeline.yaml")
    monkeypatch.chdir(tmp_path)  # the upload examples name "pipeline.yaml"
    ran = 0
    for api in EXPECTED_METHODS:
        with open(os.path.join(ROOT, "docs", f"{api}.md"), encoding="utf-8") as f:
            examples = re.findall(r"```python\n(.*?)```", f.read(), re.S)
        assert len(examples) == len(EXPECTED_METHODS[api])
        for code in examples:
            assert 'host="http://localhost"' in code
            exec(compile(code.replace('host="http://localhost"', f'host="{kfp_stub.url}"'), f"docs/{api}.md", "exec"), {})  # noqa: S102
            ran += 1
    assert ran == 39
    out = capsys.readouterr().out
    assert "Exception when calling" in out  # e.g. get_run('run_id_example') is a 404
    assert "multi_user" in out  # get_healthz succeeded
