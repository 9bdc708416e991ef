"""yamlish: the stub's YAML reader/writer, cross-checked against PyYAML."""
import math

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from kfp_server_api.stub import yamlish

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text()
)
keys = st.text()
json_like = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(keys, children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(json_like)
def test_dumps_reads_back_with_loads_and_pyyaml(obj):
    text = yamlish.dumps(obj)
    assert yamlish.loads(text) == obj
    assert yaml.safe_load(text) == obj


@settings(max_examples=400, deadline=None)
@given(json_like)
def test_loads_reads_pyyaml_output_in_every_style(obj):
    for style in ({}, {"default_flow_style": True}, {"default_style": '"'}, {"default_style": "'"},
                  {"indent": 4, "width": 20}, {"allow_unicode": True}):
        text = yaml.safe_dump(obj, **style)
        if any(c in text for c in "\x85\u2028\u2029"):
            # YAML 1.1 line breaks that PyYAML writes raw; yamlish reads them as YAML 1.2 does
            # (ordinary characters), a documented difference.
            continue
        # Compared with PyYAML's own reading: its emitter mangles a few wrapped escapes.
        assert yamlish.loads(text) == yaml.safe_load(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=" \nab-:#'\"", max_size=12), min_size=1, max_size=4))
def test_multiline_strings_round_trip_as_literal_blocks(lines):
    obj = {"k": "\n".join(lines), "l": ["\n".join(lines)]}
    text = yamlish.dumps(obj)
    assert yamlish.loads(text) == obj
    assert yaml.safe_load(text) == obj


ARGO = """\
# a typical compiled workflow
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-   # trailing comment
  annotations: {pipelines.kubeflow.org/pipeline_spec: '{"name": "x"}'}
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: param1
      value: hello
    - {name: param2}
  templates:
  - name: main
    container:
      image: alpine
      command: [sh, -c]
      args:
        - |
          echo hi
          echo "{{inputs.parameters.x}}"
        - >-
          folded
          text

          more
        - |+
          kept

  x: &a [1, 2.5, -3, .inf, -.Inf, ~, yes, Off, 0x1F, 017, 1e5, 1_000, 0o17, 1:30, 190:20:30.15]
  y: *a
  z:
    <<: [{p: 1, q: 2}, {r: 4}]
    q: 3
  s: "tab\\there \\u00e9 \\x41\\U0001F600 \\
     cont"
  t: 'it''s
    folded

    twice'
  multi: plain
    continued

    para
  url: http://x/y?a=b#frag
  tagged: [!!str 12, !!int "7", !!float 1, !!bool "true", !!null "", ! 3]
...
ignored: second document
"""


def test_real_world_constructs_match_pyyaml():
    assert yamlish.loads(ARGO) == yaml.safe_load(ARGO.split("...")[0])


@pytest.mark.parametrize(
    "text",
    [
        "--- |2-\n   lead\n  x\n...\n",
        "- - a\n  - b\n- c: d\n  e: f\n-\n  g\n",
        "a:\n- 1\n- 2\nb: 3\n",
        '{"a": [1, {"b": null}], "c": "\\/", "d": 1.5e3, "e": true}',
        "%YAML 1.1\n---\na: 1\n",
        "key: >\n  one\n   indented\n  two\n\n  three\n",
        "- &k key: v\n  other: *k\n",
        "a: [x: 1, y]\n",
        "a: {b, c: }\n",
        "'': empty key\n",
        "? ''\n: v\n? |\n  multi\n  line\n: w\n? bare\n",
        "date: 2001-12-14x\n",
        "a: !!str\n  ~\nb: &x\n  - 1\nc: *x\nd: !!str\ne: &y\nf: *y\n",
        "[? a, ? , b: c]\n",
        "a: {\n  b: c,\n  d: e\n  }\n",
        "a: [-x, x:y, http://h:1/]\n",
        "a:    # comment\n  b: 1\n",
        "- &a !!str 1\n- *a\n",
        "a:\n  ? b\n  : c\n",
        "a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n",
        "- - - x\n    - y\n  - z\n",
        "a: |2\n    lead\n  x\n",
        "\ufeffa: 1\r\nb: 2\r\n",
        "",
        "# only a comment\n",
    ],
)
def test_snippets_match_pyyaml(text):
    assert yamlish.loads(text) == yaml.safe_load(text)


def test_special_floats():
    got = yamlish.loads("[.nan, .inf, -.inf, 1.0e+20]")
    assert math.isnan(got[0]) and got[1:] == [math.inf, -math.inf, 1e20]
    assert yamlish.dumps([math.inf, -math.inf]) == "- .inf\n- -.inf\n"
    assert math.isnan(yamlish.loads(yamlish.dumps(math.nan)))


def test_number_shaped_strings_that_are_no_numbers_stay_strings():
    assert yamlish.loads("a: ._\nb: 1_\n") == {"a": "._", "b": 1}
    assert yaml.safe_load(yamlish.dumps({"._": "._"})) == {"._": "._"}


def test_dumps_keeps_key_order_and_quotes_lookalikes():
    text = yamlish.dumps({"z": "yes", "a": "1.5", "m": "null", "b": "- x", "c": "a: b", "d": ""})
    assert [line.split(":")[0] for line in text.splitlines()] == ["z", "a", "m", "b", "c", "d"]
    assert yaml.safe_load(text) == {"z": "yes", "a": "1.5", "m": "null", "b": "- x", "c": "a: b", "d": ""}


def test_dumps_writes_multiline_strings_as_literal_blocks():
    assert yamlish.dumps({"script": "echo a\necho b\n"}) == "script: |\n  echo a\n  echo b\n"


def test_dumps_refuses_unknown_types():
    with pytest.raises(TypeError):
        yamlish.dumps({"a": object()})


def nested(n, open_, close):
    return open_ * n + close * n


HOSTILE = [
    ("[" * 1000, "nested deeper"),
    ("{a: " * 1000, "nested deeper"),
    ("".join("  " * i + "a:\n" for i in range(1000)), "nested deeper"),
    ("".join("  " * i + "-\n" for i in range(1000)), "nested deeper"),
    ("".join("  " * i + "- &a" + str(i) + "\n" for i in range(1000)), "nested deeper"),
    (
        "a: &a [x,x,x,x,x,x,x,x,x]\n"
        + "".join(
            f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n"
            for p, n in zip("abcdefgh", "bcdefghi")
        ),
        "aliases expand",
    ),
    (
        # Anchors written on their own line before a collection count their full size.
        "a: &a\n  [x,x,x,x,x,x,x,x,x]\n"
        + "".join(
            f"{n}: &{n}\n  [" + ",".join([f"*{p}"] * 9) + "]\n"
            for p, n in zip("abcdefgh", "bcdefghi")
        ),
        "aliases expand",
    ),
    ("a: b: c", "mapping values are not allowed here"),
    ("a: &x &y 1", "at most one anchor"),
    ("a: &x *y", "alias cannot have"),
    ("a:\n\tb: c", "tab"),
    ("'abc", "unterminated quoted scalar"),
    ('"abc\n---\n"', "document marker"),
    ("*x", "undefined alias"),
    ("a: !foo x", "unsupported tag"),
    ("a: !!python/object:os.system x", "unsupported tag"),
    ("a: [1, 2", "unterminated flow collection"),
    ('a: "\\q"', "unknown escape"),
    ('a: "\\xZZ"', "invalid \\x escape"),
    ("a:\n  b\n c: d", "mapping values are not allowed here"),
    ("- a\nb: c", "end of the document"),
    ("{[1]: 2}", "not a scalar"),
    ("a: |0\n x\n", "indentation indicator"),
    ("a: !!int abc", "cannot read"),
    ("a: !!float ._", "cannot read"),
    ("a: 1\n  b: 2", "mapping values are not allowed here"),
    ("a:\n  - 1\n - 2", "indentation"),
    ("? [a]\n: b", "not a scalar"),
]


@pytest.mark.parametrize("text,message", HOSTILE)
def test_bad_or_hostile_input_gives_a_clean_value_error(text, message):
    with pytest.raises(ValueError) as info:
        yamlish.loads(text)
    assert message in str(info.value)
    assert "line " in str(info.value) and "column " in str(info.value)


def test_error_names_line_and_column():
    with pytest.raises(ValueError, match=r"line 3, column 4"):
        yamlish.loads("a: 1\nb: 2\nc: [1, 2\n")


def test_too_deep_object_is_refused_by_dumps():
    obj = []
    for _ in range(500):
        obj = [obj]
    with pytest.raises(ValueError, match="nested deeper"):
        yamlish.dumps(obj)


def test_aliases_share_the_anchored_object_like_pyyaml():
    got = yamlish.loads("a: &x {k: v}\nb: *x\n")
    assert got == {"a": {"k": "v"}, "b": {"k": "v"}}


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab: -\n\t#[]{},'\"|>&*!?%\\0.", max_size=40))
def test_garbage_never_crashes(text):
    try:
        yamlish.loads(text)
    except ValueError:
        pass
