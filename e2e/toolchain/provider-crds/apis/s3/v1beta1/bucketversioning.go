package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// BucketVersioningParameters are the settings DhakaCart sets.
type BucketVersioningParameters struct {
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
	// Configuration block for the versioning parameters.
	// +optional
	VersioningConfiguration *VersioningConfigurationParameters `json:"versioningConfiguration,omitempty"`
}

// BucketVersioningObservation is what the provider reports.
type BucketVersioningObservation struct {
	// The bucket or bucket and expected_bucket_owner separated by a comma (,).
	ID *string `json:"id,omitempty"`
}

// BucketVersioningSpec defines the desired state of BucketVersioning.
type BucketVersioningSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                BucketVersioningParameters `json:"forProvider"`
}

// BucketVersioningStatus defines the observed state of BucketVersioning.
type BucketVersioningStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   BucketVersioningObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// BucketVersioning is the Schema for the BucketVersionings API. Provides an S3 bucket versioning resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type BucketVersioning struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	// +kubebuilder:validation:XValidation:rule="!('*' in self.managementPolicies || 'Create' in self.managementPolicies || 'Update' in self.managementPolicies) || has(self.forProvider.versioningConfiguration)",message="spec.forProvider.versioningConfiguration is a required parameter"
	Spec   BucketVersioningSpec   `json:"spec"`
	Status BucketVersioningStatus `json:"status,omitempty"`
}

// VersioningConfigurationParameters is the versioning state of the bucket.
type VersioningConfigurationParameters struct {
	// Specifies whether MFA delete is enabled in the bucket versioning configuration.
	// +optional
	MfaDelete *string `json:"mfaDelete,omitempty"`
	// Versioning state of the bucket. Valid values: Enabled, Suspended, or Disabled.
	// +kubebuilder:validation:Optional
	Status *string `json:"status"`
}
