"""Build of the one compiled module, :mod:`mawsua.annotate._crf_kernel` (the CRF engine's
Viterbi and marginals; see docs/speed.md, session 25). Everything else is in pyproject.toml.

The extension is optional: without a C compiler (or Cython) the package installs without it
and the CRF runs its numpy recursions (same labels and stored confidences, ~2.5x slower CRF).
"""

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # no Cython: the numpy fallback
    EXT = []
else:
    EXT = cythonize(
        [Extension("mawsua.annotate._crf_kernel", ["src/mawsua/annotate/_crf_kernel.pyx"],
                   extra_compile_args=["-O2", "-ffp-contract=off"], optional=True)],
        language_level=3,
    )
    for ext in EXT:  # cythonize does not carry ``optional`` over from the template
        ext.optional = True

setup(ext_modules=EXT)
