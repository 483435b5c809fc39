# METADATA
# title: Helpers shared by the workload policies
# description: Finds the pod templates and containers in the objects a tenant's workloads render to.
package workloads.lib

# Where each kind keeps its pod spec.
pod_spec_path := {
	"Pod": "spec",
	"Deployment": "spec.template.spec",
	"StatefulSet": "spec.template.spec",
	"DaemonSet": "spec.template.spec",
	"ReplicaSet": "spec.template.spec",
	"Job": "spec.template.spec",
	"CronJob": "spec.jobTemplate.spec.template.spec",
}

# Every container and init container, with its object, its pod spec and its field path.
containers contains c if {
	some obj in input.objects
	pod_path := pod_spec_path[obj.kind]
	pod := object.get(obj, split(pod_path, "."), {})
	some field in ["initContainers", "containers"]
	some i, container in object.get(pod, field, [])
	c := {
		"object": obj,
		"pod": pod,
		"container": container,
		"path": sprintf("%s.%s[%d]", [pod_path, field, i]),
	}
}

# Which object a violation is about.
ref(obj) := {
	"apiVersion": object.get(obj, "apiVersion", ""),
	"kind": obj.kind,
	"name": object.get(obj, ["metadata", "name"], ""),
	"namespace": object.get(obj, ["metadata", "namespace"], ""),
}

# A violation of `rule` by object `obj`.
object_violation(rule, obj, message, details) := {
	"rule": rule,
	"message": message,
	"details": details,
	"resource": ref(obj),
}

# A violation of `rule` by container `c`; `problem` names the field and the fix.
violation(rule, c, problem, details) := object_violation(
	rule,
	c.object,
	sprintf("%s %s container %s: %s", [c.object.kind, ref(c.object).name, c.container.name, problem]),
	object.union({"container": c.container.name, "path": c.path}, details),
)

# A security setting of the container, or else of its pod, or else `fallback`.
security(c, field, fallback) := object.get(
	c.container,
	["securityContext", field],
	object.get(c.pod, ["securityContext", field], fallback),
)
