package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// BucketServerSideEncryptionConfigurationParameters are the settings DhakaCart sets.
type BucketServerSideEncryptionConfigurationParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Name of the bucket.
	// +optional
	Bucket *string `json:"bucket,omitempty"`
	// Reference to a Bucket in s3 to populate bucket.
	// +optional
	BucketRef *common.NamespacedReference `json:"bucketRef,omitempty"`
	// Selector for a Bucket in s3 to populate bucket.
	// +optional
	BucketSelector *common.NamespacedSelector `json:"bucketSelector,omitempty"`
	// Set of server-side encryption configuration rules.
	// +optional
	Rule []BucketServerSideEncryptionConfigurationRuleParameters `json:"rule,omitempty"`
}

// BucketServerSideEncryptionConfigurationObservation is what the provider reports.
type BucketServerSideEncryptionConfigurationObservation struct {
	// The bucket or bucket and expected_bucket_owner separated by a comma (,).
	ID *string `json:"id,omitempty"`
}

// BucketServerSideEncryptionConfigurationSpec defines the desired state of BucketServerSideEncryptionConfiguration.
type BucketServerSideEncryptionConfigurationSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                BucketServerSideEncryptionConfigurationParameters `json:"forProvider"`
}

// BucketServerSideEncryptionConfigurationStatus defines the observed state of BucketServerSideEncryptionConfiguration.
type BucketServerSideEncryptionConfigurationStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   BucketServerSideEncryptionConfigurationObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// BucketServerSideEncryptionConfiguration is the Schema for the BucketServerSideEncryptionConfigurations API. Provides a S3 bucket server-side encryption configuration resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type BucketServerSideEncryptionConfiguration struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.rule)",message="spec.forProvider.rule is a required parameter"
	Spec   BucketServerSideEncryptionConfigurationSpec   `json:"spec"`
	Status BucketServerSideEncryptionConfigurationStatus `json:"status,omitempty"`
}

// BucketServerSideEncryptionConfigurationRuleParameters is one server-side encryption rule.
type BucketServerSideEncryptionConfigurationRuleParameters struct {
	// Single object for setting server-side encryption by default.
	// +optional
	ApplyServerSideEncryptionByDefault *RuleApplyServerSideEncryptionByDefaultParameters `json:"applyServerSideEncryptionByDefault,omitempty"`
	// Whether or not to use Amazon S3 Bucket Keys for SSE-KMS.
	// +optional
	BucketKeyEnabled *bool `json:"bucketKeyEnabled,omitempty"`
}

// RuleApplyServerSideEncryptionByDefaultParameters is the default encryption of new objects.
type RuleApplyServerSideEncryptionByDefaultParameters struct {
	// AWS KMS master key ID used for the SSE-KMS encryption.
	// +optional
	KMSMasterKeyID *string `json:"kmsMasterKeyId,omitempty"`
	// Server-side encryption algorithm to use. Valid values are AES256, aws:kms, and aws:kms:dsse.
	// +kubebuilder:validation:Optional
	SseAlgorithm *string `json:"sseAlgorithm"`
}
