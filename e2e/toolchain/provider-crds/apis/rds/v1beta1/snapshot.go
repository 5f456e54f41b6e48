package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// SnapshotParameters are the settings DhakaCart sets.
type SnapshotParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The DB Instance Identifier from which to take the snapshot.
	// +optional
	DBInstanceIdentifier *string `json:"dbInstanceIdentifier,omitempty"`
	// Reference to a Instance in rds to populate dbInstanceIdentifier.
	// +optional
	DBInstanceIdentifierRef *common.NamespacedReference `json:"dbInstanceIdentifierRef,omitempty"`
	// Selector for a Instance in rds to populate dbInstanceIdentifier.
	// +optional
	DBInstanceIdentifierSelector *common.NamespacedSelector `json:"dbInstanceIdentifierSelector,omitempty"`
	// List of AWS Account IDs to share the snapshot with.
	// +listType=set
	// +optional
	SharedAccounts []*string `json:"sharedAccounts,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// SnapshotObservation is what the provider reports.
type SnapshotObservation struct {
	// The Amazon Resource Name (ARN) for the DB snapshot.
	DBSnapshotArn *string `json:"dbSnapshotArn,omitempty"`
	// Specifies whether the DB snapshot is encrypted.
	Encrypted *bool `json:"encrypted,omitempty"`
	// The snapshot identifier.
	ID *string `json:"id,omitempty"`
	// Specifies the status of this DB snapshot.
	Status *string `json:"status,omitempty"`
	// Provides the type of the DB snapshot.
	SnapshotType *string `json:"snapshotType,omitempty"`
}

// SnapshotSpec defines the desired state of Snapshot.
type SnapshotSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                SnapshotParameters `json:"forProvider"`
}

// SnapshotStatus defines the observed state of Snapshot.
type SnapshotStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   SnapshotObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Snapshot is the Schema for the Snapshots API. Manages an RDS database instance snapshot.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Snapshot struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   SnapshotSpec   `json:"spec"`
	Status SnapshotStatus `json:"status,omitempty"`
}
