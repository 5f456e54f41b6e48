// Package common holds the Crossplane v2 managed-resource plumbing that every namespaced provider-aws kind
// embeds: the provider and connection-Secret references, management policies and the status conditions.
// Written for DhakaCart from the provider's published API (crossplane-runtime v2, namespaced flavour);
// only what the shop's kinds need.
// +kubebuilder:object:generate=false
package common

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// LocalSecretReference names a Secret in the managed resource's own namespace.
type LocalSecretReference struct {
	// Name of the secret.
	Name string `json:"name"`
}

// LocalSecretKeySelector selects one key of a Secret in the managed resource's own namespace.
type LocalSecretKeySelector struct {
	// Name of the secret.
	Name string `json:"name"`
	// The key to select.
	Key string `json:"key"`
}

// Policy says how a reference or selector is resolved.
type Policy struct {
	// Resolve specifies when this reference should be resolved.
	// +kubebuilder:validation:Enum=Always;IfNotPresent
	// +optional
	Resolve *string `json:"resolve,omitempty"`
	// Resolution specifies whether resolution of this reference is required.
	// +kubebuilder:validation:Enum=Required;Optional
	// +kubebuilder:default=Required
	// +optional
	Resolution *string `json:"resolution,omitempty"`
}

// NamespacedReference points at another managed resource by name.
type NamespacedReference struct {
	// Name of the referenced object.
	Name string `json:"name"`
	// Namespace of the referenced object; the referencing object's namespace when empty.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Policies for referencing.
	// +optional
	Policy *Policy `json:"policy,omitempty"`
}

// NamespacedSelector selects another managed resource by labels.
type NamespacedSelector struct {
	// MatchLabels ensures an object with matching labels is selected.
	// +optional
	MatchLabels map[string]string `json:"matchLabels,omitempty"`
	// MatchControllerRef ensures an object with the same controller reference as the selecting object is selected.
	// +optional
	MatchControllerRef *bool `json:"matchControllerRef,omitempty"`
	// Namespace for the selector.
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Policies for selection.
	// +optional
	Policy *Policy `json:"policy,omitempty"`
}

// ProviderConfigReference names the (Cluster)ProviderConfig that configures the provider.
type ProviderConfigReference struct {
	// Kind of the referenced object.
	Kind string `json:"kind"`
	// Name of the referenced object.
	Name string `json:"name"`
}

// ManagementAction is an action the provider may take on the external resource.
// +kubebuilder:validation:Enum=Observe;Create;Update;Delete;LateInitialize;*
type ManagementAction string

// ManagedResourceSpec is the part of every namespaced managed resource's spec that is not forProvider.
type ManagedResourceSpec struct {
	// WriteConnectionSecretToReference specifies the name of a Secret, in the same namespace as this managed
	// resource, to which any connection details for this managed resource should be written.
	// +optional
	WriteConnectionSecretToReference *LocalSecretReference `json:"writeConnectionSecretToRef,omitempty"`
	// ProviderConfigReference specifies how the provider that will be used to create, observe, update, and
	// delete this managed resource should be configured.
	// +kubebuilder:default={"kind": "ClusterProviderConfig", "name": "default"}
	// +optional
	ProviderConfigReference *ProviderConfigReference `json:"providerConfigRef,omitempty"`
	// ManagementPolicies specify the array of actions Crossplane is allowed to take on the managed and
	// external resources.
	// +kubebuilder:default={"*"}
	// +optional
	ManagementPolicies []ManagementAction `json:"managementPolicies,omitempty"`
}

// Condition is one observation of a managed resource (Ready, Synced, ...).
type Condition struct {
	// Type of this condition. At most one of each condition type may apply to a resource at any point in time.
	Type string `json:"type"`
	// Status of this condition; is it currently True, False, or Unknown?
	Status string `json:"status"`
	// LastTransitionTime is the last time this condition transitioned from one status to another.
	LastTransitionTime metav1.Time `json:"lastTransitionTime"`
	// A Reason for this condition's last transition from one status to another.
	Reason string `json:"reason"`
	// A Message containing details about this condition's last transition from one status to another, if any.
	// +optional
	Message string `json:"message,omitempty"`
	// ObservedGeneration represents the .metadata.generation that the condition was set based upon.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// ManagedResourceStatus is the part of every managed resource's status that is not atProvider.
type ManagedResourceStatus struct {
	// Conditions of the resource.
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []Condition `json:"conditions,omitempty"`
	// ObservedGeneration is the latest metadata.generation which resulted in either a ready state, or stalled
	// due to error it can not recover from without human intervention.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}
