# METADATA
# title: Entrypoints of the wasm bundles
# description: >-
#   Each group's violations keyed by policy package, the one entrypoint a bundle is built for
#   (policies/bundles/<group>.wasm).
package entrypoints

admission[name] := data.admission[name].violations

workloads[name] := data.workloads[name].violations
