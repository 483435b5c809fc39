package workloads.tenant_namespace_test

import data.workloads.lib_test
import data.workloads.tenant_namespace

namespace(name) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}

with_objects(objects) := object.union(lib_test.workload({}), {"objects": objects})

test_objects_in_the_tenant_namespace_pass if {
	count(tenant_namespace.violations) == 0 with input as with_objects([namespace("tenant-acme"), lib_test.service])
}

test_object_in_another_namespace if {
	elsewhere := object.union(lib_test.service, {"metadata": {"namespace": "tenant-globex"}})
	[v] := [v | some v in tenant_namespace.violations] with input as with_objects([elsewhere])
	v.message == `Service crm: metadata.namespace is "tenant-globex", not the tenant's namespace: set it to tenant-acme`
}

test_cluster_scoped_object if {
	role := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}}
	[v] := [v | some v in tenant_namespace.violations] with input as with_objects([role])
	v.details == {"namespace": "", "expected": "tenant-acme"}
}

test_another_namespace_object if {
	[v] := [v | some v in tenant_namespace.violations] with input as with_objects([namespace("kube-system")])
	v.message == "Namespace kube-system is not the tenant's namespace: name it tenant-acme"
}
