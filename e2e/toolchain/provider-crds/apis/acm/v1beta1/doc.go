// Package v1beta1 declares the acm.aws.m.upbound.io kinds the compute-foundation composition writes, our
// transcription of provider-aws v2's namespaced API (only the fields we set; see generate-crds.sh).
// +kubebuilder:object:generate=false
// +groupName=acm.aws.m.upbound.io
// +versionName=v1beta1
package v1beta1
