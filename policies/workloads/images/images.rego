# METADATA
# title: Images from allowed registries, pinned by digest in production
# description: >-
#   Every image comes from one of the allowed registries (a registry host, optionally with a path
#   prefix), and in production is pinned by digest (@sha256:) so what runs is what was released.
# custom:
#   id: workloads.images
#   version: 1.0.0
#   severity: high
#   controls: [A.8.19, A.8.32]
#   rules: [registry-allowed, digest-pinned]
package workloads.images

import data.workloads.lib

allowed(image) if {
	some registry in input.allowedRegistries
	startswith(image, sprintf("%s/", [trim_suffix(registry, "/")]))
}

violations contains v if {
	some c in lib.containers
	not allowed(c.container.image)
	v := lib.violation(
		"registry-allowed",
		c,
		sprintf(
			"%s.image %s is not from an allowed registry (%s): push it to one of those",
			[c.path, c.container.image, concat(", ", input.allowedRegistries)],
		),
		{"image": c.container.image, "allowedRegistries": input.allowedRegistries},
	)
}

violations contains v if {
	input.production
	some c in lib.containers
	not contains(c.container.image, "@sha256:")
	v := lib.violation(
		"digest-pinned",
		c,
		sprintf("%s.image %s is not pinned by digest: use <image>@sha256:<digest> in production", [c.path, c.container.image]),
		{"image": c.container.image},
	)
}
