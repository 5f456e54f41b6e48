package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// PodIdentityAssociationParameters are the settings the compute-foundation composition sets.
type PodIdentityAssociationParameters struct {
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
	// The name of the Kubernetes namespace inside the cluster to create the association in.
	// +optional
	Namespace *string `json:"namespace,omitempty"`
	// The name of the Kubernetes service account inside the cluster to associate the IAM credentials with.
	// +optional
	ServiceAccount *string `json:"serviceAccount,omitempty"`
	// ARN of the IAM role to associate with the service account.
	// +optional
	RoleArn *string `json:"roleArn,omitempty"`
	// Reference to a Role in iam to populate roleArn.
	// +optional
	RoleArnRef *common.NamespacedReference `json:"roleArnRef,omitempty"`
	// Selector for a Role in iam to populate roleArn.
	// +optional
	RoleArnSelector *common.NamespacedSelector `json:"roleArnSelector,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// PodIdentityAssociationObservation is what the provider reports.
type PodIdentityAssociationObservation struct {
	// The Amazon Resource Name (ARN) of the association.
	AssociationArn *string `json:"associationArn,omitempty"`
	// The identifier of the association.
	AssociationID *string `json:"associationId,omitempty"`
}

// PodIdentityAssociationSpec defines the desired state of PodIdentityAssociation.
type PodIdentityAssociationSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                PodIdentityAssociationParameters `json:"forProvider"`
}

// PodIdentityAssociationStatus defines the observed state of PodIdentityAssociation.
type PodIdentityAssociationStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   PodIdentityAssociationObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// PodIdentityAssociation is the Schema for the PodIdentityAssociations API. Manages an EKS Pod Identity Association.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type PodIdentityAssociation struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              PodIdentityAssociationSpec   `json:"spec"`
	Status            PodIdentityAssociationStatus `json:"status,omitempty"`
}
