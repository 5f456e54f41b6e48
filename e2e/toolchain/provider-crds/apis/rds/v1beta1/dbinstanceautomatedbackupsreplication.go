package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// DBInstanceAutomatedBackupsReplicationParameters are the settings DhakaCart sets.
type DBInstanceAutomatedBackupsReplicationParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// KMS key ID.
	// +optional
	KMSKeyID *string `json:"kmsKeyId,omitempty"`
	// The number of days to retain the replicated automated backups for.
	// +optional
	RetentionPeriod *float64 `json:"retentionPeriod,omitempty"`
	// The Amazon Resource Name (ARN) of the source DB instance for the replicated automated backups.
	// +optional
	SourceDBInstanceArn *string `json:"sourceDbInstanceArn,omitempty"`
	// Reference to a Instance in rds to populate sourceDbInstanceArn.
	// +optional
	SourceDBInstanceArnRef *common.NamespacedReference `json:"sourceDbInstanceArnRef,omitempty"`
}

// DBInstanceAutomatedBackupsReplicationObservation is what the provider reports.
type DBInstanceAutomatedBackupsReplicationObservation struct {
	// The Amazon Resource Name (ARN) of the replicated automated backups.
	ID *string `json:"id,omitempty"`
}

// DBInstanceAutomatedBackupsReplicationSpec defines the desired state of DBInstanceAutomatedBackupsReplication.
type DBInstanceAutomatedBackupsReplicationSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                DBInstanceAutomatedBackupsReplicationParameters `json:"forProvider"`
}

// DBInstanceAutomatedBackupsReplicationStatus defines the observed state of DBInstanceAutomatedBackupsReplication.
type DBInstanceAutomatedBackupsReplicationStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   DBInstanceAutomatedBackupsReplicationObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// DBInstanceAutomatedBackupsReplication is the Schema for the DBInstanceAutomatedBackupsReplications API. Enables replication of automated backups to a different AWS Region.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type DBInstanceAutomatedBackupsReplication struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   DBInstanceAutomatedBackupsReplicationSpec   `json:"spec"`
	Status DBInstanceAutomatedBackupsReplicationStatus `json:"status,omitempty"`
}
