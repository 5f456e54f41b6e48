package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// AddonPodIdentityAssociation gives the add-on's service account an IAM role through EKS Pod Identity.
type AddonPodIdentityAssociation struct {
	// The ARN of an IAM Role.
	// +kubebuilder:validation:Required
	RoleArn *string `json:"roleArn"`
	// The Kubernetes service account inside the cluster to associate the IAM credentials with.
	// +kubebuilder:validation:Required
	ServiceAccount *string `json:"serviceAccount"`
}

// AddonParameters are the settings the compute-foundation composition sets.
type AddonParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Name of the EKS add-on.
	// +optional
	AddonName *string `json:"addonName,omitempty"`
	// The version of the EKS add-on.
	// +optional
	AddonVersion *string `json:"addonVersion,omitempty"`
	// Name of the EKS Cluster.
	// +optional
	ClusterName *string `json:"clusterName,omitempty"`
	// Reference to a Cluster in eks to populate clusterName.
	// +optional
	ClusterNameRef *common.NamespacedReference `json:"clusterNameRef,omitempty"`
	// Selector for a Cluster in eks to populate clusterName.
	// +optional
	ClusterNameSelector *common.NamespacedSelector `json:"clusterNameSelector,omitempty"`
	// How to resolve field value conflicts when migrating a self-managed add-on to an Amazon EKS add-on.
	// +kubebuilder:validation:Enum=NONE;OVERWRITE
	// +optional
	ResolveConflictsOnCreate *string `json:"resolveConflictsOnCreate,omitempty"`
	// How to resolve field value conflicts for an Amazon EKS add-on if you've changed a value from the Amazon EKS default value.
	// +kubebuilder:validation:Enum=NONE;OVERWRITE;PRESERVE
	// +optional
	ResolveConflictsOnUpdate *string `json:"resolveConflictsOnUpdate,omitempty"`
	// Configuration blocks for EKS Pod Identity associations of the add-on.
	// +optional
	PodIdentityAssociation []AddonPodIdentityAssociation `json:"podIdentityAssociation,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// AddonObservation is what the provider reports.
type AddonObservation struct {
	// Amazon Resource Name (ARN) of the EKS add-on.
	Arn *string `json:"arn,omitempty"`
	// EKS Cluster name and EKS Addon name separated by a colon.
	ID *string `json:"id,omitempty"`
	// The version of the EKS add-on.
	AddonVersion *string `json:"addonVersion,omitempty"`
}

// AddonSpec defines the desired state of Addon.
type AddonSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                AddonParameters `json:"forProvider"`
}

// AddonStatus defines the observed state of Addon.
type AddonStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   AddonObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Addon is the Schema for the Addons API. Manages an EKS add-on.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Addon struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              AddonSpec   `json:"spec"`
	Status            AddonStatus `json:"status,omitempty"`
}
