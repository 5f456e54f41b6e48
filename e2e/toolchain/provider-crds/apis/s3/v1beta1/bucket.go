package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// BucketParameters are the settings DhakaCart sets.
type BucketParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Boolean that indicates all objects (including any locked objects) should be deleted from the bucket when the bucket is destroyed.
	// +optional
	ForceDestroy *bool `json:"forceDestroy,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// BucketObservation is what the provider reports.
type BucketObservation struct {
	// The ARN of the resource.
	Arn *string `json:"arn,omitempty"`
	// The ID of the resource.
	ID *string `json:"id,omitempty"`
	// Bucket domain name.
	BucketDomainName *string `json:"bucketDomainName,omitempty"`
	// The bucket region-specific domain name.
	BucketRegionalDomainName *string `json:"bucketRegionalDomainName,omitempty"`
}

// BucketSpec defines the desired state of Bucket.
type BucketSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                BucketParameters `json:"forProvider"`
}

// BucketStatus defines the observed state of Bucket.
type BucketStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   BucketObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Bucket is the Schema for the Buckets API. Provides a S3 bucket resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Bucket struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   BucketSpec   `json:"spec"`
	Status BucketStatus `json:"status,omitempty"`
}
