"""Small KFP v1 pipelines for the kfp 1.8.22 workflow test, and a helper compiling them.

Built with ``kfp.dsl`` and components loaded from text (not ``create_component_from_func``,
whose lib2to3 import warns on Python 3.11) so that compiling is quick and warning-free.
"""
import os

from kfp import compiler, components, dsl

_GREET = components.load_component_from_text(
    """
name: Greet
description: Prints a greeting and passes the name on.
inputs:
- {name: who, type: String}
- {name: times, type: Integer, default: '1'}
outputs:
- {name: greeted, type: String}
implementation:
  container:
    image: alpine:3.18
    command:
    - sh
    - -c
    - 'for i in $(seq "$1"); do echo "hello $0"; done; mkdir -p "$(dirname "$2")"; printf %s "$0" > "$2"'
    - {inputValue: who}
    - {inputValue: times}
    - {outputPath: greeted}
"""
)

#: Parameter names and default values of :func:`greeter`, as the server reports them.
GREETER_DEFAULTS = {"who": "world", "times": "2"}


@dsl.pipeline(name="kfp18-greeter", description="Greets someone, twice over.")
def greeter(who: str = "world", times: int = 2):
    """Two chained steps: the second greets whoever the first one greeted."""
    first = _GREET(who=who, times=times)
    _GREET(who=first.outputs["greeted"], times=1)


@dsl.pipeline(name="kfp18-single", description="One step.")
def single(who: str = "solo"):
    """One step with one parameter (a second, different package for versions)."""
    _GREET(who=who)


def compile_to(pipeline_func, directory: str, file_name: str) -> str:
    """Compile with the KFP v1 compiler; the extension (.yaml, .zip, .tar.gz) picks the format."""
    path = os.path.join(directory, file_name)
    compiler.Compiler().compile(pipeline_func, path)
    return path
