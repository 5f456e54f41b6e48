package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// RolePolicyAttachmentParameters are the settings the compute-foundation composition sets.
type RolePolicyAttachmentParameters struct {
	// The ARN of the policy you want to apply.
	// +optional
	PolicyArn *string `json:"policyArn,omitempty"`
	// Reference to a Policy in iam to populate policyArn.
	// +optional
	PolicyArnRef *common.NamespacedReference `json:"policyArnRef,omitempty"`
	// Selector for a Policy in iam to populate policyArn.
	// +optional
	PolicyArnSelector *common.NamespacedSelector `json:"policyArnSelector,omitempty"`
	// The name of the IAM role to which the policy should be applied.
	// +optional
	Role *string `json:"role,omitempty"`
	// Reference to a Role in iam to populate role.
	// +optional
	RoleRef *common.NamespacedReference `json:"roleRef,omitempty"`
	// Selector for a Role in iam to populate role.
	// +optional
	RoleSelector *common.NamespacedSelector `json:"roleSelector,omitempty"`
}

// RolePolicyAttachmentObservation is what the provider reports.
type RolePolicyAttachmentObservation struct {
	// The role name and policy ARN separated by a slash.
	ID *string `json:"id,omitempty"`
}

// RolePolicyAttachmentSpec defines the desired state of RolePolicyAttachment.
type RolePolicyAttachmentSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                RolePolicyAttachmentParameters `json:"forProvider"`
}

// RolePolicyAttachmentStatus defines the observed state of RolePolicyAttachment.
type RolePolicyAttachmentStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   RolePolicyAttachmentObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// RolePolicyAttachment is the Schema for the RolePolicyAttachments API. Attaches a Managed IAM Policy to an IAM role.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type RolePolicyAttachment struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              RolePolicyAttachmentSpec   `json:"spec"`
	Status            RolePolicyAttachmentStatus `json:"status,omitempty"`
}
