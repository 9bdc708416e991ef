"""pipeline_files: formats, archives (incl. hostile ones) and template detection (7.4-7.7)."""
import gzip
import io
import json
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from kfp_server_api.stub import pipeline_files as pf
from kfp_server_api.stub.errors import StubError

DATA = Path(__file__).resolve().parents[1] / "data" / "pipelines"
ARGO = (DATA / "arguments-parameters.yaml").read_bytes()
V2 = (DATA / "hello-world-v2.yaml").read_bytes()
KFP18 = (DATA / "kfp18-sequential.yaml").read_bytes()
LIMIT = pf.MAX_FILE_LENGTH
TOO_LARGE = f"File size too large. Maximum supported size: {LIMIT}"
# One buffer of at most the limit (plus a bytearray's growth slack), never the bomb's full size.
MEMORY_BOUND = LIMIT * 5 // 4 + 4 * 1024 * 1024


def make_zip(*members, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buf.getvalue()


def make_targz(*members):
    """members: (name, bytes) for regular files or a ready TarInfo with None data."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as archive:
        for name, data in members:
            if isinstance(name, tarfile.TarInfo):
                archive.addfile(name)
            else:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def special(name, kind, target=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def error_of(fn, *args):
    with pytest.raises(StubError) as info:
        fn(*args)
    return info.value


# -- steps 1-4 -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["p.yaml", "p.yml", "p.json", "dir/p.yaml"])
def test_yaml_and_json_suffixes_are_used_as_is(name):
    assert pf.read_pipeline_file(name, b"\x1f\x8bnot really gzip") == b"\x1f\x8bnot really gzip"


@pytest.mark.parametrize("name", ["p.YAML", "p.txt", "", "p.zip", "p.tar.gz", "yaml"])
def test_other_names_of_plain_text_are_refused(name):
    err = error_of(pf.read_pipeline_file, name, ARGO)
    assert (err.code, err.http_status) == (3, 400)
    assert err.external == "Unexpected pipeline file format. Support .zip, .tar.gz, .json or YAML."


def test_file_over_the_limit_is_refused():
    err = error_of(pf.read_pipeline_file, "p.yaml", b"#" * (LIMIT + 1))
    assert err.http_status == 400 and err.external == TOO_LARGE
    assert pf.read_pipeline_file("p.yaml", b"#" * LIMIT) == b"#" * LIMIT


def test_zip_prefers_pipeline_yaml_anywhere_in_the_archive():
    data = make_zip(("README.md", b"x"), ("pipeline.yaml", ARGO))
    assert pf.read_pipeline_file("archive.zip", data) == ARGO


def test_zip_without_pipeline_yaml_uses_the_first_entry():
    assert pf.read_pipeline_file("a", make_zip(("any.yml", V2), ("pipeline.json", b"{}"))) == V2


@pytest.mark.parametrize(
    "members,got",
    [
        ((("notes.txt", b"x"), ("other.yaml", ARGO)), "notes.txt"),
        ((("inner.zip", make_zip(("pipeline.yaml", ARGO))),), "inner.zip"),  # nested: not expanded
        ((("sub/pipeline.yaml", ARGO), ("x.json", b"{}")), None),
    ],
)
def test_zip_first_entry_must_be_yaml(members, got):
    data = make_zip(*members)
    if got is None:
        assert pf.read_pipeline_file("a.zip", data) == ARGO
        return
    err = error_of(pf.read_pipeline_file, "a.zip", data)
    assert err.http_status == 400
    assert err.external == f"Error extracting pipeline from the zip file. Expecting a pipeline.yaml file inside the zip. Got: {got}"
    assert err.message.startswith("Error decompress the pipeline file: Invalid input error: ")


def test_empty_zip_is_refused():
    err = error_of(pf.read_pipeline_file, "a.zip", make_zip())
    assert err.external == "Error extracting pipeline from the zip file. Empty zip file."


@pytest.mark.parametrize("data", [b"PK", b"PK\x03\x04garbage", make_zip(("pipeline.yaml", ARGO))[:-30]])
def test_corrupt_zip_is_refused(data):
    err = error_of(pf.read_pipeline_file, "a.zip", data)
    assert err.http_status == 400 and "zip file" in err.external


def test_zip_with_a_lying_size_header_is_refused():
    data = bytearray(make_zip(("pipeline.yaml", ARGO * 20)))
    # Patch the uncompressed size in the central directory to a tiny value.
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    err = error_of(pf.read_pipeline_file, "a.zip", bytes(data))
    assert err.http_status == 400 and "zip file" in err.external


def refused_with_peak_memory(name, data):
    """The error for a hostile archive and the peak memory used while refusing it."""
    tracemalloc.start()
    try:
        err = error_of(pf.read_pipeline_file, name, data)
        return err, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name,builder", [("bomb.zip", make_zip), ("bomb.tar.gz", make_targz)])
def test_archive_bombs_stop_at_the_limit_with_bounded_memory(name, builder):
    bomb = builder(("pipeline.yaml", b"\0" * (LIMIT + 1024 * 1024)))
    assert len(bomb) < LIMIT // 100
    err, peak = refused_with_peak_memory(name, bomb)
    assert err.external == TOO_LARGE
    assert peak < MEMORY_BOUND


def test_archive_member_names_are_only_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ["../../evil.yaml", "/etc/evil.yaml", "..\\..\\evil.yaml"]:
        assert pf.read_pipeline_file("a.zip", make_zip((name, ARGO))) == ARGO
        assert pf.read_pipeline_file("a.tgz", make_targz((name, ARGO))) == ARGO
    assert list(tmp_path.iterdir()) == []
    assert not (tmp_path.parent.parent / "evil.yaml").exists()


def test_unsupported_zip_compression_is_refused():
    err = error_of(pf.read_pipeline_file, "a.zip", make_zip(("pipeline.yaml", ARGO), method=zipfile.ZIP_BZIP2))
    assert err.external == "Error extracting pipeline from the zip file. Failed to read the content."


def test_targz_prefers_pipeline_yaml_then_first_entry():
    assert pf.read_pipeline_file("a", make_targz(("x.txt", b"x"), ("pipeline.yaml", ARGO))) == ARGO
    assert pf.read_pipeline_file("a", make_targz(("first.yml", V2), ("second.yaml", ARGO))) == V2


@pytest.mark.parametrize(
    "members,got",
    [
        ((("notes.txt", b"x"),), "notes.txt"),
        ((("inner.tar.gz", make_targz(("pipeline.yaml", ARGO))),), "inner.tar.gz"),
        (((special("pipeline.yaml", tarfile.SYMTYPE, "/etc/passwd"), None),), "pipeline.yaml (not a regular file)"),
        (((special("link.yaml", tarfile.LNKTYPE, "x"), None),), "link.yaml (not a regular file)"),
        (((special("dev.yaml", tarfile.CHRTYPE), None),), "dev.yaml (not a regular file)"),
        (((special("fifo.yaml", tarfile.FIFOTYPE), None), ("b.yaml", ARGO)), "fifo.yaml (not a regular file)"),
        (((special("dir", tarfile.DIRTYPE), None), ("dir/pipeline.yaml", ARGO)), "dir"),
    ],
)
def test_targz_first_entry_must_be_a_regular_yaml_file(members, got):
    err = error_of(pf.read_pipeline_file, "a.tar.gz", make_targz(*members))
    assert err.http_status == 400
    assert err.external == (
        f"Error extracting pipeline from the tarball file. Expecting a pipeline.yaml file inside the tarball. Got: {got}"
    )


def test_symlinked_pipeline_yaml_is_ignored_in_favour_of_a_regular_first_entry():
    data = make_targz(("real.yaml", ARGO), (special("pipeline.yaml", tarfile.SYMTYPE, "/etc/passwd"), None))
    assert pf.read_pipeline_file("a.tar.gz", data) == ARGO


@pytest.mark.parametrize(
    "data",
    [
        b"\x1f\x8b",
        b"\x1f\x8b\x08\x00garbage-garbage-garbage",
        gzip.compress(b"not a tar archive at all " * 40),
        gzip.compress(b""),
        gzip.compress(b"\0" * 1024),  # an empty tar
        make_targz(("pipeline.yaml", ARGO))[:-20],
    ],
)
def test_corrupt_or_empty_tarball_is_refused(data):
    err = error_of(pf.read_pipeline_file, "a.tar.gz", data)
    assert err.http_status == 400
    assert err.external == "Error extracting pipeline from the tarball file. Not a valid tarball file."


def test_tar_member_lying_about_its_size_is_refused():
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as archive:
        info = tarfile.TarInfo("pipeline.yaml")
        info.size = len(ARGO)
        archive.addfile(info, io.BytesIO(ARGO))
    data = bytearray(raw.getvalue())
    data[124:136] = b"77777777777\0"  # size field: about 8 GiB
    # Recompute the header checksum so that the header itself is valid.
    data[148:156] = b" " * 8
    data[148:156] = b"%06o\0 " % sum(data[:512])
    err = error_of(pf.read_pipeline_file, "a.tar.gz", gzip.compress(bytes(data)))
    assert err.external in (TOO_LARGE, "Error extracting pipeline from the tarball file. Not a valid tarball file.")


def test_tarball_decompression_is_capped_in_total():
    # Many skipped members, each fine, together larger than the expansion cap.
    big = b"\0" * (pf.MAX_FILE_LENGTH // 2)
    members = [(f"m{i}.txt", big) for i in range(9)] + [("pipeline.yaml", ARGO)]
    err = error_of(pf.read_pipeline_file, "a.tar.gz", make_targz(*members))
    assert err.external == TOO_LARGE


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["a.zip", "a.tar.gz", "a", "x.YAML"]),
    st.sampled_from([b"PK", b"PK\x03\x04", b"\x1f\x8b", b"\x1f\x8b\x08\x00", b""]),
    st.binary(max_size=300),
)
def test_random_archive_bytes_only_ever_give_stub_errors(name, magic, rest):
    try:
        pf.read_pipeline_file(name, magic + rest)
    except StubError as err:
        assert 400 <= err.http_status < 500


# -- step 5: templates ---------------------------------------------------------------------

def test_argo_workflow_with_parameters():
    tmpl = pf.load_template(ARGO)
    assert tmpl.kind == "argo"
    assert tmpl.parameters == [("param1", "hello"), ("param2", None)]
    assert tmpl.obj["spec"]["entrypoint"] == "whalesay"


def test_kfp18_compiled_workflow():
    tmpl = pf.load_template(KFP18)
    assert tmpl.kind == "argo"
    assert tmpl.parameters == [
        ("url", "gs://ml-pipeline/sample-data/shakespeare/shakespeare1.txt"),
        ("pipeline-name", "sequential-pipeline"),
        ("retries", "3"),
    ]
    assert tmpl.pipeline_name_hint() == "sequential-pipeline"


def test_kfp18_annotation_gives_the_name_hint_without_the_parameter():
    doc = yaml.safe_load(KFP18)
    doc["spec"]["arguments"]["parameters"] = [{"name": "url", "value": "x"}]
    assert pf.parse_manifest(json.dumps(doc)).pipeline_name_hint() == "sequential-pipeline"
    assert pf.load_template(ARGO).pipeline_name_hint() is None


def test_v2_pipeline_spec():
    tmpl = pf.load_template(V2)
    assert tmpl.kind == "v2" and tmpl.parameters == []
    assert tmpl.pipeline_name_hint() == "hello-world"
    assert tmpl.run_parameters_ok(["anything"]) is None


def test_minimal_argo_workflow_is_accepted():
    tmpl = pf.load_template(b"apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n")
    assert tmpl.kind == "argo" and tmpl.parameters == []


def test_argo_json_is_accepted():
    tmpl = pf.load_template(json.dumps(yaml.safe_load(ARGO)).encode())
    assert tmpl.parameters == [("param1", "hello"), ("param2", None)]


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"- a\n- b\n",
        b"just a string",
        b"apiVersion: v1\nkind: Pod\n",
        b"apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\n",
        b"pipelineInfo: {name: x}\n",  # no root
        b"pipelineInfo: {name: ''}\nroot: {}\n",
        b"pipelineInfo: {name: x}\nroot: {}\nunknownField: 1\n",
        b"pipelineInfo: {name: x, extra: 1}\nroot: {}\n",
        b"pipelineInfo: {name: x}\nroot: [1]\n",
        b"key: [unclosed\n",
        b"\xff\xfe\x00bad utf-8",
    ],
)
def test_unknown_template_format(text):
    err = error_of(pf.load_template, text)
    assert (err.code, err.http_status) == (3, 400)
    assert err.external == "unknown template format"
    assert err.message.endswith("pipeline spec is invalid")


def test_yaml_syntax_errors_are_explained_in_the_chain():
    err = error_of(pf.load_template, b"a: 1\nb: [unclosed\n")
    assert "line 2" in err.message


def test_wrong_argo_api_version_is_a_400():
    err = error_of(pf.load_template, b"apiVersion: argoproj.io/v1beta1\nkind: Workflow\n")
    assert err.http_status == 400
    assert err.external == "Unsupported argo version. Expected: argoproj.io/v1alpha1. Received: argoproj.io/v1beta1"


@pytest.mark.parametrize(
    "spec,status",
    [
        ("spec: [1]", 400),
        ("spec: {arguments: {parameters: {a: 1}}}", 400),
        ("spec: {arguments: {parameters: [{name: a, value: {x: 1}}]}}", 400),
        ("spec: {arguments: {parameters: [{value: x}]}}", 400),  # Argo lint: 500 on the real server
        ("spec: {arguments: {parameters: [{name: a, value: .nan}]}}", 400),
    ],
)
def test_malformed_argo_workflows(spec, status):
    text = f"apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n{spec}\n".encode()
    assert error_of(pf.load_template, text).http_status == status


def test_v2_name_needs_one_lowercase_letter_or_digit():
    assert pf.load_template(b"pipelineInfo: {name: A-1}\nroot: {}\n").kind == "v2"  # unanchored [quirk]
    err = error_of(pf.load_template, b"pipelineInfo: {name: ABC}\nroot: {}\n")
    assert err.http_status == 400 and "ABC" in err.external


def test_v2_snake_case_fields_are_accepted_like_protojson():
    tmpl = pf.load_template(b"pipeline_info: {name: x, display_name: X}\nroot: {}\nsdk_version: kfp-2\n")
    assert yaml.safe_load(tmpl.stored_text("p")) == {
        "pipelineInfo": {"displayName": "X", "name": "pipeline/p"}, "root": {}, "sdkVersion": "kfp-2",
    }


def test_argo_parameter_values_become_strings():
    text = b"apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  arguments:\n    parameters:\n" \
           b"    - {name: a, value: 3}\n    - {name: b, value: true}\n    - {name: c, value: 1.5}\n    - {name: d, value: ''}\n"
    assert pf.load_template(text).parameters == [("a", "3"), ("b", "true"), ("c", "1.5"), ("d", "")]


# -- stored text, parameters, manifests ----------------------------------------------------

def test_argo_stored_text_is_compact_go_style_json():
    text = pf.load_template(ARGO).stored_text("ignored")
    assert text.startswith('{"kind":"Workflow","apiVersion":"argoproj.io/v1alpha1","metadata":{"generateName":"arguments-parameters-","creationTimestamp":null},"spec":{')
    assert text.endswith(',"status":{"startedAt":null,"finishedAt":null}}')
    assert " " not in text.replace("docker/whalesay", "")
    doc = json.loads(text)
    assert doc["spec"] == yaml.safe_load(ARGO)["spec"]


def test_argo_stored_text_is_stable_when_read_back():
    first = pf.load_template(KFP18).stored_text("x")
    again = pf.load_template(first.encode()).stored_text("x")
    assert again == first
    assert "\\u0026" not in first or "&" not in first  # Go escapes HTML characters


def test_argo_stored_text_escapes_html_like_go():
    text = pf.parse_manifest('{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","spec":{"x":"a<b>&c"}}').stored_text("p")
    assert '"x":"a\\u003cb\\u003e\\u0026c"' in text
    assert json.loads(text)["spec"]["x"] == "a<b>&c"


def test_v2_stored_text_overrides_the_name_and_sorts_keys():
    tmpl = pf.load_template(V2)
    text = tmpl.stored_text("hello-world.yaml")
    doc = yaml.safe_load(text)
    assert doc["pipelineInfo"]["name"] == "pipeline/hello-world.yaml"
    assert list(doc) == sorted(doc)
    original = next(yaml.safe_load_all(V2))
    original["pipelineInfo"]["name"] = "pipeline/hello-world.yaml"
    assert doc == original
    assert tmpl.obj["pipelineInfo"]["name"] == "hello-world"  # the template itself is untouched
    assert pf.load_template(text.encode()).stored_text("hello-world.yaml") == text


def test_v2_stored_text_in_a_namespace():
    doc = yaml.safe_load(pf.load_template(V2).stored_text("p", "team-a"))
    assert doc["pipelineInfo"]["name"] == "namespace/team-a/pipeline/p"


def test_run_parameters_must_exist_in_the_argo_workflow():
    tmpl = pf.load_template(ARGO)
    assert tmpl.run_parameters_ok(["param1", "param2"]) is None
    assert tmpl.run_parameters_ok([]) is None
    assert tmpl.run_parameters_ok(["param1", "nope", "other"]) == "nope"


def test_parse_manifest_reads_json_and_yaml_strings():
    assert pf.parse_manifest(ARGO.decode()).kind == "argo"
    assert pf.parse_manifest(json.dumps(yaml.safe_load(V2.split(b"---")[0]))).kind == "v2"
    err = error_of(pf.parse_manifest, "not: [a, pipeline")
    assert err.external == "unknown template format"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_documents_only_ever_give_stub_errors(data):
    try:
        pf.load_template(data)
    except StubError as err:
        assert err.http_status == 400
