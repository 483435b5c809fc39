# METADATA
# title: A tenant's objects stay in its namespace
# description: >-
#   Everything rendered for a tenant lives in the namespace tenant-<name> (or is that Namespace),
#   so quota, network policy and RBAC keep one tenant apart from the others.
# custom:
#   id: workloads.tenant_namespace
#   version: 1.0.0
#   severity: high
#   controls: [A.8.22, A.5.15]
#   rules: [in-tenant-namespace]
package workloads.tenant_namespace

import data.workloads.lib

namespace := sprintf("tenant-%s", [input.tenant])

violations contains v if {
	some obj in input.objects
	obj.kind != "Namespace"
	found := object.get(obj, ["metadata", "namespace"], "")
	found != namespace
	v := lib.object_violation(
		"in-tenant-namespace",
		obj,
		sprintf(
			"%s %s: metadata.namespace is \"%s\", not the tenant's namespace: set it to %s",
			[obj.kind, obj.metadata.name, found, namespace],
		),
		{"namespace": found, "expected": namespace},
	)
}

violations contains v if {
	some obj in input.objects
	obj.kind == "Namespace"
	obj.metadata.name != namespace
	v := lib.object_violation(
		"in-tenant-namespace",
		obj,
		sprintf("Namespace %s is not the tenant's namespace: name it %s", [obj.metadata.name, namespace]),
		{"namespace": obj.metadata.name, "expected": namespace},
	)
}
