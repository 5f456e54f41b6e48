package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// PolicyParameters are the settings the compute-foundation composition sets.
type PolicyParameters struct {
	// Description of the IAM policy.
	// +optional
	Description *string `json:"description,omitempty"`
	// The policy document, as JSON.
	// +optional
	Policy *string `json:"policy,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// PolicyObservation is what the provider reports.
type PolicyObservation struct {
	// The ARN assigned by AWS to this policy.
	Arn *string `json:"arn,omitempty"`
	// The ARN assigned by AWS to this policy.
	ID *string `json:"id,omitempty"`
}

// PolicySpec defines the desired state of Policy.
type PolicySpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                PolicyParameters `json:"forProvider"`
}

// PolicyStatus defines the observed state of Policy.
type PolicyStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   PolicyObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Policy is the Schema for the Policys API. Provides an IAM policy.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Policy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              PolicySpec   `json:"spec"`
	Status            PolicyStatus `json:"status,omitempty"`
}
