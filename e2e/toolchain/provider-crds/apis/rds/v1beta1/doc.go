// Package v1beta1 declares the rds.aws.m.upbound.io kinds DhakaCart writes, modelled on provider-aws v2's namespaced API.
// +kubebuilder:object:generate=false
// +groupName=rds.aws.m.upbound.io
// +versionName=v1beta1
package v1beta1
