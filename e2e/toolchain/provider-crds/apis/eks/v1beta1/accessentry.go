package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// AccessEntryParameters are the settings the compute-foundation composition sets.
type AccessEntryParameters struct {
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
	// List of string which can optionally specify the Kubernetes groups the user would belong to when creating an access entry.
	// +listType=set
	// +optional
	KubernetesGroups []*string `json:"kubernetesGroups,omitempty"`
	// Defaults to STANDARD which provides the standard workflow.
	// +optional
	Type *string `json:"type,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// AccessEntryObservation is what the provider reports.
type AccessEntryObservation struct {
	// Amazon Resource Name (ARN) of the Access Entry.
	AccessEntryArn *string `json:"accessEntryArn,omitempty"`
	// EKS Cluster name and EKS Access Entry principal ARN separated by a colon.
	ID *string `json:"id,omitempty"`
}

// AccessEntrySpec defines the desired state of AccessEntry.
type AccessEntrySpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                AccessEntryParameters `json:"forProvider"`
}

// AccessEntryStatus defines the observed state of AccessEntry.
type AccessEntryStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   AccessEntryObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// AccessEntry is the Schema for the AccessEntrys API. Access Entry Configurations for an EKS Cluster.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type AccessEntry struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              AccessEntrySpec   `json:"spec"`
	Status            AccessEntryStatus `json:"status,omitempty"`
}
