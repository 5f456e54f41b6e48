package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// AccessPolicyAssociationAccessScope scopes the policy to the cluster or to namespaces.
type AccessPolicyAssociationAccessScope struct {
	// The namespaces to which the access scope applies when type is namespace.
	// +listType=set
	// +optional
	Namespaces []*string `json:"namespaces,omitempty"`
	// Valid values are namespace or cluster.
	// +kubebuilder:validation:Enum=namespace;cluster
	// +kubebuilder:validation:Required
	Type *string `json:"type"`
}

// AccessPolicyAssociationParameters are the settings the compute-foundation composition sets.
type AccessPolicyAssociationParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Name of the EKS Cluster.
	// +optional
	ClusterName *string `json:"clusterName,omitempty"`
	// Reference to a Cluster in eks to populate clusterName.
	// +optional
	ClusterNameRef *common.NamespacedReference `json:"clusterNameRef,omitempty"`
	// Selector for a Cluster in eks to populate clusterName.
	// +optional
	ClusterNameSelector *common.NamespacedSelector `json:"clusterNameSelector,omitempty"`
	// The IAM Principal ARN which requires Authentication access to the EKS cluster.
	// +optional
	PrincipalArn *string `json:"principalArn,omitempty"`
	// The ARN of the access policy that you're associating.
	// +optional
	PolicyArn *string `json:"policyArn,omitempty"`
	// The configuration block to determine the scope of the access.
	// +optional
	AccessScope []AccessPolicyAssociationAccessScope `json:"accessScope,omitempty"`
}

// AccessPolicyAssociationObservation is what the provider reports.
type AccessPolicyAssociationObservation struct {
	// EKS Cluster name, principal ARN and policy ARN separated by a hash.
	ID *string `json:"id,omitempty"`
}

// AccessPolicyAssociationSpec defines the desired state of AccessPolicyAssociation.
type AccessPolicyAssociationSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                AccessPolicyAssociationParameters `json:"forProvider"`
}

// AccessPolicyAssociationStatus defines the observed state of AccessPolicyAssociation.
type AccessPolicyAssociationStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   AccessPolicyAssociationObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// AccessPolicyAssociation is the Schema for the AccessPolicyAssociations API. Access Entry Policy Association for an EKS Cluster.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type AccessPolicyAssociation struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              AccessPolicyAssociationSpec   `json:"spec"`
	Status            AccessPolicyAssociationStatus `json:"status,omitempty"`
}
