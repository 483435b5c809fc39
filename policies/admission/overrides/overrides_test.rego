package admission.overrides_test

import data.admission.lib_test
import data.admission.overrides

rules(spec) := found if {
	found := {v.rule | some v in overrides.violations} with input as lib_test.tenant_with(spec)
}

test_overrides_within_bounds_pass if {
	rules({"overrides": {"requestsPerMinute": 30000, "replicas": {"crm": 6, "erp": 6}}}) == set()
}

test_rate_limit_above_ten_times if {
	[v] := [v | some v in overrides.violations] with input as lib_test.tenant_with({"overrides": {"requestsPerMinute": 30001}})
	v.message == "spec.overrides.requestsPerMinute 30001 exceeds 30000 (10 times edition business's 3000): lower it, or move the tenant to a larger edition"
}

test_replicas_above_autoscaling_maximum if {
	rules({"overrides": {"replicas": {"crm": 7}}}) == {"replicas-bounded"}
}

test_replicas_above_three_times_the_default_profile if {
	[v] := [v | some v in overrides.violations] with input as lib_test.tenant_with({"overrides": {"replicas": {"mail": 7}}})
	v.message == "spec.overrides.replicas.mail 7 exceeds 6, the most edition business allows for mail: lower it to 6 or less"
}

test_replicas_of_a_module_outside_the_edition if {
	rules({"overrides": {"replicas": {"inosec": 1}}}) == {"replicas-module-in-edition"}
}

test_default_rate_limit if {
	overrides.rate_limit({"spec": {}}) == 600
}
