package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// RecordAlias points the record at an AWS resource (a load balancer) instead of fixed values.
type RecordAlias struct {
	// Set to true if you want Route 53 to determine whether to respond to DNS queries using this resource record set by checking the health of the resource record set.
	// +kubebuilder:validation:Required
	EvaluateTargetHealth *bool `json:"evaluateTargetHealth"`
	// DNS domain name for a CloudFront distribution, S3 bucket, ELB, or another resource record set in this hosted zone.
	// +kubebuilder:validation:Required
	Name *string `json:"name"`
	// Hosted zone ID for a CloudFront distribution, S3 bucket, ELB, or Route 53 hosted zone.
	// +kubebuilder:validation:Required
	ZoneID *string `json:"zoneId"`
}

// RecordParameters are the settings the compute-foundation composition sets.
type RecordParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// The ID of the hosted zone to contain this record.
	// +optional
	ZoneID *string `json:"zoneId,omitempty"`
	// The name of the record.
	// +optional
	Name *string `json:"name,omitempty"`
	// The record type.
	// +kubebuilder:validation:Enum=A;AAAA;CAA;CNAME;DS;MX;NAPTR;NS;PTR;SOA;SPF;SRV;TXT
	// +optional
	Type *string `json:"type,omitempty"`
	// The TTL of the record.
	// +optional
	TTL *float64 `json:"ttl,omitempty"`
	// A string list of records.
	// +listType=set
	// +optional
	Records []*string `json:"records,omitempty"`
	// An alias block. Conflicts with ttl and records.
	// +optional
	Alias []RecordAlias `json:"alias,omitempty"`
	// Allow creation of this record to overwrite an existing record, if any.
	// +optional
	AllowOverwrite *bool `json:"allowOverwrite,omitempty"`
}

// RecordObservation is what the provider reports.
type RecordObservation struct {
	// FQDN built using the zone domain and name.
	Fqdn *string `json:"fqdn,omitempty"`
	// The record's identifier.
	ID *string `json:"id,omitempty"`
}

// RecordSpec defines the desired state of Record.
type RecordSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                RecordParameters `json:"forProvider"`
}

// RecordStatus defines the observed state of Record.
type RecordStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   RecordObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Record is the Schema for the Records API. Provides a Route53 record resource.
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Record struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              RecordSpec   `json:"spec"`
	Status            RecordStatus `json:"status,omitempty"`
}
