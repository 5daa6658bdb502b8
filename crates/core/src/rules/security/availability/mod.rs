//! High availability: subnets spread over zones, databases in several zones.

pub mod rds_without_multi_az;
pub mod subnets_in_one_availability_zone;
