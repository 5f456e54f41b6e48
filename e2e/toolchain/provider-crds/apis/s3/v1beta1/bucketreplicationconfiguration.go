package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// BucketReplicationConfigurationParameters are the settings DhakaCart sets.
type BucketReplicationConfigurationParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Name of the source S3 bucket you want Amazon S3 to monitor.
	// +optional
	Bucket *string `json:"bucket,omitempty"`
	// Reference to a Bucket in s3 to populate bucket.
	// +optional
	BucketRef *common.NamespacedReference `json:"bucketRef,omitempty"`
	// ARN of the IAM role for Amazon S3 to assume when replicating the objects.
	// +optional
	Role *string `json:"role,omitempty"`
	// List of configuration blocks describing the rules managing the replication.
	// +optional
	Rule []BucketReplicationConfigurationRuleParameters `json:"rule,omitempty"`
}

// BucketReplicationConfigurationRuleParameters is one replication rule.
type BucketReplicationConfigurationRuleParameters struct {
	// Whether delete markers are replicated.
	// +optional
	DeleteMarkerReplication *DeleteMarkerReplicationParameters `json:"deleteMarkerReplication,omitempty"`
	// Specifies the destination for the rule.
	// +optional
	Destination *RuleDestinationParameters `json:"destination,omitempty"`
	// Filter that identifies subset of objects to which the replication rule applies.
	// +optional
	Filter *BucketReplicationConfigurationRuleFilterParameters `json:"filter,omitempty"`
	// Unique identifier for the rule.
	// +optional
	ID *string `json:"id,omitempty"`
	// Priority associated with the rule.
	// +optional
	Priority *float64 `json:"priority,omitempty"`
	// Status of the rule. Either "Enabled" or "Disabled".
	// +kubebuilder:validation:Optional
	Status *string `json:"status"`
}

// DeleteMarkerReplicationParameters says whether delete markers are replicated.
type DeleteMarkerReplicationParameters struct {
	// Whether delete markers should be replicated. Either "Enabled" or "Disabled".
	// +kubebuilder:validation:Optional
	Status *string `json:"status"`
}

// RuleDestinationParameters is where replicas go.
type RuleDestinationParameters struct {
	// ARN of the bucket where you want Amazon S3 to store the results.
	// +optional
	Bucket *string `json:"bucket,omitempty"`
	// The storage class used to store the object.
	// +optional
	StorageClass *string `json:"storageClass,omitempty"`
}

// BucketReplicationConfigurationRuleFilterParameters selects the objects a rule replicates.
type BucketReplicationConfigurationRuleFilterParameters struct {
	// Object key name prefix that identifies subset of objects to which the rule applies.
	// +optional
	Prefix *string `json:"prefix,omitempty"`
}

// BucketReplicationConfigurationObservation is what the provider reports.
type BucketReplicationConfigurationObservation struct {
	// S3 source bucket name.
	ID *string `json:"id,omitempty"`
}

// BucketReplicationConfigurationSpec defines the desired state of BucketReplicationConfiguration.
type BucketReplicationConfigurationSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                BucketReplicationConfigurationParameters `json:"forProvider"`
}

// BucketReplicationConfigurationStatus defines the observed state of BucketReplicationConfiguration.
type BucketReplicationConfigurationStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   BucketReplicationConfigurationObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// BucketReplicationConfiguration is the Schema for the BucketReplicationConfigurations API. Provides a S3 bucket replication configuration resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type BucketReplicationConfiguration struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.rule)",message="spec.forProvider.rule is a required parameter"
	Spec   BucketReplicationConfigurationSpec   `json:"spec"`
	Status BucketReplicationConfigurationStatus `json:"status,omitempty"`
}
