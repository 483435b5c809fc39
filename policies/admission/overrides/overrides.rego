# METADATA
# title: Tenant overrides within the edition's bounds
# description: >-
#   A Tenant may raise its rate limit up to ten times its Edition's, and a module's replicas up
#   to the profile's autoscaling maximum (or three times its replicas), only for the Edition's
#   modules.
# custom:
#   id: admission.overrides
#   version: 1.0.0
#   severity: medium
#   controls: [A.8.6, A.8.9]
#   kinds: [Tenant]
#   rules: [rate-limit-bounded, replicas-bounded, replicas-module-in-edition]
package admission.overrides

import data.admission.lib

rate_limit_factor := 10

# The CRD's default when the edition leaves spec.rateLimit out.
default_requests_per_minute := 600

rate_limit(e) := object.get(e.spec, ["rateLimit", "requestsPerMinute"], default_requests_per_minute)

profile(e, module) := e.spec.resources.profiles[module]

profile(e, module) := e.spec.resources.defaultProfile if not e.spec.resources.profiles[module]

max_replicas(e, module) := object.get(
	profile(e, module),
	["autoscaling", "maxReplicas"],
	3 * object.get(profile(e, module), "replicas", 1),
)

violations contains v if {
	e := lib.tenant_edition
	requested := lib.tenant.spec.overrides.requestsPerMinute
	bound := rate_limit_factor * rate_limit(e)
	requested > bound
	v := lib.violation(
		"rate-limit-bounded",
		sprintf(
			"spec.overrides.requestsPerMinute %d exceeds %d (10 times edition %s's %d): lower it, or move the tenant to a larger edition",
			[requested, bound, e.metadata.name, rate_limit(e)],
		),
		{"requestsPerMinute": requested, "max": bound, "edition": e.metadata.name},
	)
}

violations contains v if {
	e := lib.tenant_edition
	some module, replicas in lib.tenant.spec.overrides.replicas
	module in e.spec.modules
	replicas > max_replicas(e, module)
	v := lib.violation(
		"replicas-bounded",
		sprintf(
			"spec.overrides.replicas.%s %d exceeds %d, the most edition %s allows for %s: lower it to %d or less",
			[module, replicas, max_replicas(e, module), e.metadata.name, module, max_replicas(e, module)],
		),
		{"module": module, "replicas": replicas, "max": max_replicas(e, module), "edition": e.metadata.name},
	)
}

violations contains v if {
	e := lib.tenant_edition
	some module, _ in lib.tenant.spec.overrides.replicas
	not module in e.spec.modules
	v := lib.violation(
		"replicas-module-in-edition",
		sprintf(
			"spec.overrides.replicas.%s names a module edition %s does not include (modules: %s): remove it",
			[module, e.metadata.name, concat(", ", e.spec.modules)],
		),
		{"module": module, "edition": e.metadata.name, "modules": e.spec.modules},
	)
}
