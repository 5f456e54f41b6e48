package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// ReplicationGroupParameters are the settings DhakaCart sets.
type ReplicationGroupParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Specifies whether any modifications are applied immediately, or during the next maintenance window.
	// +optional
	ApplyImmediately *bool `json:"applyImmediately,omitempty"`
	// Whether to enable encryption at rest.
	// +optional
	AtRestEncryptionEnabled *string `json:"atRestEncryptionEnabled,omitempty"`
	// Password used to access a password protected server. Can be specified only if transit_encryption_enabled = true.
	// +optional
	AuthTokenSecretRef *common.LocalSecretKeySelector `json:"authTokenSecretRef,omitempty"`
	// Specifies whether a read-only replica will be automatically promoted to read/write primary if the existing primary fails.
	// +optional
	AutomaticFailoverEnabled *bool `json:"automaticFailoverEnabled,omitempty"`
	// User-created description for the replication group. Must not be empty.
	// +optional
	Description *string `json:"description,omitempty"`
	// Name of the cache engine to be used for the clusters in this replication group.
	// +optional
	Engine *string `json:"engine,omitempty"`
	// Version number of the cache engine to be used for the cache clusters in this replication group.
	// +optional
	EngineVersion *string `json:"engineVersion,omitempty"`
	// The name of your final node group (shard) snapshot.
	// +optional
	FinalSnapshotIdentifier *string `json:"finalSnapshotIdentifier,omitempty"`
	// Specifies whether to enable Multi-AZ Support for the replication group.
	// +optional
	MultiAzEnabled *bool `json:"multiAzEnabled,omitempty"`
	// Instance class to be used.
	// +optional
	NodeType *string `json:"nodeType,omitempty"`
	// Number of cache clusters (primary and replicas) this replication group will have.
	// +optional
	NumCacheClusters *float64 `json:"numCacheClusters,omitempty"`
	// Port number on which each of the cache nodes will accept connections.
	// +optional
	Port *float64 `json:"port,omitempty"`
	// References to SecurityGroup in ec2 to populate securityGroupIds.
	// +optional
	SecurityGroupIDRefs []common.NamespacedReference `json:"securityGroupIdRefs,omitempty"`
	// IDs of one or more Amazon VPC security groups associated with this replication group.
	// +listType=set
	// +optional
	SecurityGroupIds []*string `json:"securityGroupIds,omitempty"`
	// Number of days for which ElastiCache will retain automatic cache cluster snapshots before deleting them.
	// +optional
	SnapshotRetentionLimit *float64 `json:"snapshotRetentionLimit,omitempty"`
	// Daily time range (in UTC) during which ElastiCache will begin taking a daily snapshot.
	// +optional
	SnapshotWindow *string `json:"snapshotWindow,omitempty"`
	// Name of the cache subnet group to be used for the replication group.
	// +optional
	SubnetGroupName *string `json:"subnetGroupName,omitempty"`
	// Reference to a SubnetGroup in elasticache to populate subnetGroupName.
	// +optional
	SubnetGroupNameRef *common.NamespacedReference `json:"subnetGroupNameRef,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
	// Whether to enable encryption in transit.
	// +optional
	TransitEncryptionEnabled *bool `json:"transitEncryptionEnabled,omitempty"`
	// A setting that enables clients to migrate to in-transit encryption with no downtime. Valid values are preferred and required.
	// +optional
	TransitEncryptionMode *string `json:"transitEncryptionMode,omitempty"`
}

// ReplicationGroupObservation is what the provider reports.
type ReplicationGroupObservation struct {
	// The ARN of the resource.
	Arn *string `json:"arn,omitempty"`
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// Whether cluster mode is enabled; the address of the configuration endpoint when it is.
	ConfigurationEndpointAddress *string `json:"configurationEndpointAddress,omitempty"`
	// Port number on which each of the cache nodes will accept connections.
	Port *float64 `json:"port,omitempty"`
	// Address of the endpoint for the primary node in the replication group.
	PrimaryEndpointAddress *string `json:"primaryEndpointAddress,omitempty"`
	// Address of the endpoint for the reader node in the replication group.
	ReaderEndpointAddress *string `json:"readerEndpointAddress,omitempty"`
	// Whether to enable encryption in transit.
	TransitEncryptionEnabled *bool `json:"transitEncryptionEnabled,omitempty"`
}

// ReplicationGroupSpec defines the desired state of ReplicationGroup.
type ReplicationGroupSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                ReplicationGroupParameters `json:"forProvider"`
}

// ReplicationGroupStatus defines the observed state of ReplicationGroup.
type ReplicationGroupStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   ReplicationGroupObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// ReplicationGroup is the Schema for the ReplicationGroups API. Provides an ElastiCache Replication Group resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type ReplicationGroup struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.description)",message="spec.forProvider.description is a required parameter"
	Spec   ReplicationGroupSpec   `json:"spec"`
	Status ReplicationGroupStatus `json:"status,omitempty"`
}
