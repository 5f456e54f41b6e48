package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// InstanceParameters are the RDS instance settings DhakaCart sets.
type InstanceParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The allocated storage in gibibytes.
	// +optional
	AllocatedStorage *float64 `json:"allocatedStorage,omitempty"`
	// Specifies whether any database modifications are applied immediately, or during the next maintenance window.
	// +optional
	ApplyImmediately *bool `json:"applyImmediately,omitempty"`
	// Indicates that minor engine upgrades will be applied automatically to the DB instance during the maintenance window.
	// +optional
	AutoMinorVersionUpgrade *bool `json:"autoMinorVersionUpgrade,omitempty"`
	// The days to retain backups for. Must be between 0 and 35.
	// +optional
	BackupRetentionPeriod *float64 `json:"backupRetentionPeriod,omitempty"`
	// The daily time range (in UTC) during which automated backups are created if they are enabled. Example: "09:46-10:16".
	// +optional
	BackupWindow *string `json:"backupWindow,omitempty"`
	// Copy all Instance tags to snapshots.
	// +optional
	CopyTagsToSnapshot *bool `json:"copyTagsToSnapshot,omitempty"`
	// The name of the database to create when the DB instance is created.
	// +optional
	DBName *string `json:"dbName,omitempty"`
	// Name of DB subnet group.
	// +optional
	DBSubnetGroupName *string `json:"dbSubnetGroupName,omitempty"`
	// Reference to a SubnetGroup in rds to populate dbSubnetGroupName.
	// +optional
	DBSubnetGroupNameRef *common.NamespacedReference `json:"dbSubnetGroupNameRef,omitempty"`
	// If the DB instance should have deletion protection enabled.
	// +optional
	DeletionProtection *bool `json:"deletionProtection,omitempty"`
	// The database engine to use.
	// +optional
	Engine *string `json:"engine,omitempty"`
	// The engine version to use.
	// +optional
	EngineVersion *string `json:"engineVersion,omitempty"`
	// The name of your final DB snapshot when this DB instance is deleted. Must be provided if skip_final_snapshot is set to false.
	// +optional
	FinalSnapshotIdentifier *string `json:"finalSnapshotIdentifier,omitempty"`
	// The instance type of the RDS instance.
	// +optional
	InstanceClass *string `json:"instanceClass,omitempty"`
	// The window to perform maintenance in. Syntax: "ddd:hh24:mi-ddd:hh24:mi".
	// +optional
	MaintenanceWindow *string `json:"maintenanceWindow,omitempty"`
	// Set to true to allow RDS to manage the master user password in Secrets Manager. Cannot be set if password is provided.
	// +optional
	ManageMasterUserPassword *bool `json:"manageMasterUserPassword,omitempty"`
	// Specifies if the RDS instance is multi-AZ.
	// +optional
	MultiAz *bool `json:"multiAz,omitempty"`
	// Password for the master DB user.
	// +optional
	PasswordSecretRef *common.LocalSecretKeySelector `json:"passwordSecretRef,omitempty"`
	// Bool to control if instance is publicly accessible.
	// +optional
	PubliclyAccessible *bool `json:"publiclyAccessible,omitempty"`
	// A configuration block for restoring a DB instance to an arbitrary point in time.
	// +optional
	RestoreToPointInTime *RestoreToPointInTimeParameters `json:"restoreToPointInTime,omitempty"`
	// Determines whether a final DB snapshot is created before the DB instance is deleted.
	// +optional
	SkipFinalSnapshot *bool `json:"skipFinalSnapshot,omitempty"`
	// Specifies whether or not to create this database from a snapshot.
	// +optional
	SnapshotIdentifier *string `json:"snapshotIdentifier,omitempty"`
	// Specifies whether the DB instance is encrypted.
	// +optional
	StorageEncrypted *bool `json:"storageEncrypted,omitempty"`
	// One of "standard" (magnetic), "gp2", "gp3", or "io1".
	// +optional
	StorageType *string `json:"storageType,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
	// Username for the master DB user.
	// +optional
	Username *string `json:"username,omitempty"`
	// References to SecurityGroup in ec2 to populate vpcSecurityGroupIds.
	// +optional
	VPCSecurityGroupIDRefs []common.NamespacedReference `json:"vpcSecurityGroupIdRefs,omitempty"`
	// List of VPC security groups to associate.
	// +listType=set
	// +optional
	VPCSecurityGroupIds []*string `json:"vpcSecurityGroupIds,omitempty"`
}

// RestoreToPointInTimeParameters restores the new instance from another instance's automated backups.
type RestoreToPointInTimeParameters struct {
	// The date and time to restore from, in UTC.
	// +optional
	RestoreTime *string `json:"restoreTime,omitempty"`
	// The ARN of the automated backup from which to restore.
	// +optional
	SourceDBInstanceAutomatedBackupsArn *string `json:"sourceDbInstanceAutomatedBackupsArn,omitempty"`
	// The identifier of the source DB instance from which to restore.
	// +optional
	SourceDBInstanceIdentifier *string `json:"sourceDbInstanceIdentifier,omitempty"`
	// The resource ID of the source DB instance from which to restore.
	// +optional
	SourceDbiResourceID *string `json:"sourceDbiResourceId,omitempty"`
	// A boolean value that indicates whether the DB instance is restored from the latest backup time.
	// +optional
	UseLatestRestorableTime *bool `json:"useLatestRestorableTime,omitempty"`
}

// InstanceObservation is what the provider reports about the RDS instance.
type InstanceObservation struct {
	// The hostname of the RDS instance.
	Address *string `json:"address,omitempty"`
	// The ARN of the RDS instance.
	Arn *string `json:"arn,omitempty"`
	// Identifier of the CA certificate for the DB instance.
	CACertIdentifier *string `json:"caCertIdentifier,omitempty"`
	// The connection endpoint in address:port format.
	Endpoint *string `json:"endpoint,omitempty"`
	// RDS DBI resource ID.
	ID *string `json:"id,omitempty"`
	// A block that specifies the master user secret. Only available when manage_master_user_password is set to true.
	MasterUserSecret []MasterUserSecretObservation `json:"masterUserSecret,omitempty"`
	// Specifies if the RDS instance is multi-AZ.
	MultiAz *bool `json:"multiAz,omitempty"`
	// The database port.
	Port *float64 `json:"port,omitempty"`
	// The RDS instance status.
	Status *string `json:"status,omitempty"`
	// Specifies whether the DB instance is encrypted.
	StorageEncrypted *bool `json:"storageEncrypted,omitempty"`
}

// MasterUserSecretObservation is the Secrets Manager secret RDS keeps the master user password in.
type MasterUserSecretObservation struct {
	// The Amazon Web Services KMS key identifier that is used to encrypt the secret.
	KMSKeyID *string `json:"kmsKeyId,omitempty"`
	// The Amazon Resource Name (ARN) of the secret.
	SecretArn *string `json:"secretArn,omitempty"`
	// The status of the secret. Valid Values: creating | active | rotating | impaired.
	SecretStatus *string `json:"secretStatus,omitempty"`
}

// InstanceSpec defines the desired state of Instance.
type InstanceSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                InstanceParameters `json:"forProvider"`
}

// InstanceStatus defines the observed state of Instance.
type InstanceStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   InstanceObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Instance is the Schema for the Instances API. Provides an RDS instance resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Instance struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.instanceClass)",message="spec.forProvider.instanceClass is a required parameter"
	Spec   InstanceSpec   `json:"spec"`
	Status InstanceStatus `json:"status,omitempty"`
}
