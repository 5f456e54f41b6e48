package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// DBSnapshotCopyParameters are the settings DhakaCart sets.
type DBSnapshotCopyParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Whether to copy existing tags.
	// +optional
	CopyTags *bool `json:"copyTags,omitempty"`
	// The Destination region to place snapshot copy.
	// +optional
	DestinationRegion *string `json:"destinationRegion,omitempty"`
	// KMS key ID.
	// +optional
	KMSKeyID *string `json:"kmsKeyId,omitempty"`
	// Snapshot identifier of the source snapshot.
	// +optional
	SourceDBSnapshotIdentifier *string `json:"sourceDbSnapshotIdentifier,omitempty"`
	// Reference to a Snapshot in rds to populate sourceDbSnapshotIdentifier.
	// +optional
	SourceDBSnapshotIdentifierRef *common.NamespacedReference `json:"sourceDbSnapshotIdentifierRef,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
	// The Identifier for the snapshot.
	// +optional
	TargetDBSnapshotIdentifier *string `json:"targetDbSnapshotIdentifier,omitempty"`
}

// DBSnapshotCopyObservation is what the provider reports.
type DBSnapshotCopyObservation struct {
	// The Amazon Resource Name (ARN) for the DB snapshot.
	DBSnapshotArn *string `json:"dbSnapshotArn,omitempty"`
	// Snapshot Identifier.
	ID *string `json:"id,omitempty"`
}

// DBSnapshotCopySpec defines the desired state of DBSnapshotCopy.
type DBSnapshotCopySpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                DBSnapshotCopyParameters `json:"forProvider"`
}

// DBSnapshotCopyStatus defines the observed state of DBSnapshotCopy.
type DBSnapshotCopyStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   DBSnapshotCopyObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// DBSnapshotCopy is the Schema for the DBSnapshotCopys API. Manages an RDS database instance snapshot copy.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type DBSnapshotCopy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.targetDbSnapshotIdentifier)",message="spec.forProvider.targetDbSnapshotIdentifier is a required parameter"
	Spec   DBSnapshotCopySpec   `json:"spec"`
	Status DBSnapshotCopyStatus `json:"status,omitempty"`
}
