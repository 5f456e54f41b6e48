package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// BucketPublicAccessBlockParameters are the settings DhakaCart sets.
type BucketPublicAccessBlockParameters struct {
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
	// Whether Amazon S3 should block public ACLs for this bucket.
	// +optional
	BlockPublicAcls *bool `json:"blockPublicAcls,omitempty"`
	// Whether Amazon S3 should block public bucket policies for this bucket.
	// +optional
	BlockPublicPolicy *bool `json:"blockPublicPolicy,omitempty"`
	// Whether Amazon S3 should ignore public ACLs for this bucket.
	// +optional
	IgnorePublicAcls *bool `json:"ignorePublicAcls,omitempty"`
	// Whether Amazon S3 should restrict public bucket policies for this bucket.
	// +optional
	RestrictPublicBuckets *bool `json:"restrictPublicBuckets,omitempty"`
}

// BucketPublicAccessBlockObservation is what the provider reports.
type BucketPublicAccessBlockObservation struct {
	// Name of the S3 bucket the configuration is attached to.
	ID *string `json:"id,omitempty"`
}

// BucketPublicAccessBlockSpec defines the desired state of BucketPublicAccessBlock.
type BucketPublicAccessBlockSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                BucketPublicAccessBlockParameters `json:"forProvider"`
}

// BucketPublicAccessBlockStatus defines the observed state of BucketPublicAccessBlock.
type BucketPublicAccessBlockStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   BucketPublicAccessBlockObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// BucketPublicAccessBlock is the Schema for the BucketPublicAccessBlocks API. Manages S3 bucket-level Public Access Block Configuration.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type BucketPublicAccessBlock struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   BucketPublicAccessBlockSpec   `json:"spec"`
	Status BucketPublicAccessBlockStatus `json:"status,omitempty"`
}
